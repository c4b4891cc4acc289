#pragma once
// Failpoints let tests crash strata at a named step, to prove that every
// commit survives a crash at any point. Set STRATA_FAILPOINT=<name> and the
// process dies (SIGKILL-like: no destructors, no flushing) on reaching that
// step. Unset, a failpoint costs one cached getenv.

#include <string>

namespace strata {

void Failpoint(const char* name);

// Tests make one node instance fail without crashing: with
// STRATA_FAIL_INSTANCE="node@yyyymmdd[,node@yyyymmdd...]" a matching `key`
// throws strata::Error("injected failure"). With STRATA_SLOW_INSTANCE_MS=N
// every node instance first sleeps N milliseconds (to be seen running).
void InjectedFailure(const std::string& key);

}  // namespace strata
