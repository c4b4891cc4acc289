#include "schedule/log_retention.h"

#include <algorithm>
#include <chrono>

namespace strata {
namespace fs = std::filesystem;

PrunedLogs PruneLogs(const Project& project, StateStore& store, int64_t now, bool dry_run) {
  int64_t cutoff = now - int64_t{project.log_retention_days} * 86400;
  PrunedLogs out;
  std::error_code ec;
  fs::path logs = project.root / ".strata" / "logs";
  for (auto it = fs::recursive_directory_iterator(logs, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".log") continue;
    auto written = std::chrono::file_clock::to_sys(it->last_write_time(ec));
    int64_t at =
        std::chrono::duration_cast<std::chrono::seconds>(written.time_since_epoch()).count();
    if (!ec && at < cutoff) out.files.push_back(it->path());
  }
  std::sort(out.files.begin(), out.files.end());
  if (dry_run) return out;
  for (const auto& f : out.files) fs::remove(f, ec);
  out.attempts = store.PruneAttempts(cutoff);
  return out;
}

}  // namespace strata
