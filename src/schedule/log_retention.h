#pragma once
// Log retention: every attempt of every instance appends to a log file under
// .strata/logs/<node>/ and adds a row to the attempts table, so without a
// limit both grow for as long as the project runs. PruneLogs removes the log
// files last written, and the attempt rows ended, more than the project's
// log_retention_days before `now`. Instances keep their state; `strata log`
// of a pruned one says its log is gone. serve runs it after each cycle,
// `strata lifecycle` on demand.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "schedule/project.h"
#include "schedule/state_store.h"

namespace strata {

struct PrunedLogs {
  std::vector<std::filesystem::path> files;  // removed (or, dry run, to remove)
  int64_t attempts = 0;                      // attempt rows deleted (0 on a dry run)
};

PrunedLogs PruneLogs(const Project& project, StateStore& store, int64_t now, bool dry_run);

}  // namespace strata
