#pragma once
// CheckResultStore keeps the outcome of every quality rule (`checks:`) an
// instance's attempt evaluated, in the state database beside the instances
// (.strata/state.db, table check_results), so that `strata status` can mark
// an instance whose weak rules warned or whose strong rules failed, and list
// them. A new attempt's results replace the earlier attempt's. Its own
// SQLite connection: one CheckResultStore per thread.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/sqlite/sqlite_db.h"
#include "quality/quality_gate.h"

namespace strata {

struct StoredCheckResult {
  int64_t instance = 0;
  int attempt = 0;
  CheckResult result;
};

class CheckResultStore {
 public:
  explicit CheckResultStore(const std::filesystem::path& state_db);

  // Replaces what `instance` had with `results` of `attempt`, in one transaction.
  void Save(int64_t instance, int attempt, const std::vector<CheckResult>& results);
  // The results of each of `instances` that has any, in evaluation order.
  std::map<int64_t, std::vector<StoredCheckResult>> For(const std::vector<int64_t>& instances);

 private:
  SqliteDb db_;
};

// CheckResultStore::For on a connection the caller has open (read-only will
// do; the table must exist).
std::map<int64_t, std::vector<StoredCheckResult>> ReadCheckResults(
    SqliteDb& db, const std::vector<int64_t>& instances);

// "x1" (one strong rule failed), "!2" (two weak rules failed), "x1 !2": the
// marker `strata status` shows after a state; "" when every rule passed.
std::string CheckMarker(const std::vector<StoredCheckResult>& results);
// One line per result: "FAIL strong not_null(uid) on t ds=...: 3 rows with NULL; e.g. ...".
std::string FormatCheckResult(const CheckResult& result);

}  // namespace strata
