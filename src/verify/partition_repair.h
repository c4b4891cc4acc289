#pragma once
// RepairPartition rewrites one partition as a new version in which only the
// rows of some keys changed: the partition's rows whose key is not among
// them, copied as they are, plus the source's current rows for those keys,
// read and converted exactly as a sync reads them (sync/SplitProducer), in
// the source's snapshot. Committed through Warehouse::WritePartition, so a
// reader sees the old version or the new one, never a mix; on any failure
// nothing changes. Stateless; the caller's objects must outlive the call.

#include <string>
#include <vector>

#include "sync/sync_task.h"
#include "warehouse/warehouse.h"

namespace strata {

struct RepairRequest {
  const SyncRequest* sync = nullptr;  // the node's read and target
  std::string spec;                   // the partition, checked
  // Predicates, each selecting a batch of the keys to replace
  // (TableComparer::KeyFilters), in the source's SQL and in DuckDB's.
  std::vector<std::string> source_filters;
  std::vector<std::string> warehouse_filters;
  std::string warehouse_partition_filter;  // WarehouseSide::partition_filter()
};

struct RepairResult {
  PartitionInfo partition;
  int64_t kept = 0;     // rows copied from the old version
  int64_t fetched = 0;  // rows read again from the source
};

RepairResult RepairPartition(Warehouse& wh, Source& source, const RepairRequest& request);

}  // namespace strata
