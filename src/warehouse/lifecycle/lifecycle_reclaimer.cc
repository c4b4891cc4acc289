#include "warehouse/lifecycle/lifecycle_reclaimer.h"

#include <ctime>

namespace strata {
namespace {

// "2016-11-15T00:00:00Z" -> Unix seconds; -1 if malformed.
int64_t ParseUtcIso(const std::string& s) {
  std::tm tm{};
  if (!strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return -1;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

std::vector<ReclaimedPartition> ReclaimExpired(Warehouse& wh,
                                               const std::map<std::string, int>& overrides,
                                               int64_t now, bool dry_run) {
  std::vector<ReclaimedPartition> out;
  for (const auto& table : wh.catalog().ListTables()) {
    auto o = overrides.find(table.name);
    std::optional<int> days =
        o != overrides.end() ? std::optional<int>(o->second) : table.lifecycle;
    if (!days || !wh.OwnedHere(table)) continue;  // another project's table is its own business
    for (const auto& p : wh.catalog().ListPartitions(table.name)) {
      int64_t modified = ParseUtcIso(p.modified_at);
      if (modified < 0 || now - modified <= static_cast<int64_t>(*days) * 86400) continue;
      if (!dry_run) wh.store().DropPartition(table.name, p.spec);
      out.push_back({table.name, p.spec, p.modified_at, *days});
    }
  }
  return out;
}

}  // namespace strata
