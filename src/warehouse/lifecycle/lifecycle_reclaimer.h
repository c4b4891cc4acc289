#pragma once
// Applies MaxCompute's lifecycle rule: a table with a lifecycle of N days
// loses every partition whose data was last modified more than N days ago
// (an unpartitioned table loses its data; the table itself stays). Each
// reclaim is an atomic partition drop. A dry run only reports.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "warehouse/warehouse.h"

namespace strata {

struct ReclaimedPartition {
  std::string table;
  std::string spec;
  std::string modified_at;
  int lifecycle_days = 0;
};

// `overrides` (table -> days) win over the lifecycle in the catalog; `now` is
// Unix seconds.
std::vector<ReclaimedPartition> ReclaimExpired(Warehouse& warehouse,
                                               const std::map<std::string, int>& overrides,
                                               int64_t now, bool dry_run);

}  // namespace strata
