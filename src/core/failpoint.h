#pragma once
// Failpoints let tests crash strata at a named step, to prove that every
// commit survives a crash at any point. Set STRATA_FAILPOINT=<name> and the
// process dies (SIGKILL-like: no destructors, no flushing) on reaching that
// step. Unset, a failpoint costs one cached getenv.

namespace strata {

void Failpoint(const char* name);

}  // namespace strata
