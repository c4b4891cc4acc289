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
  // md5 of the canonical key text (TableComparer::KeyHashSql) in each side's
  // SQL, and the values that pick the keys to replace.
  std::string source_key_hash_sql;
  std::string warehouse_key_hash_sql;
  std::string warehouse_partition_filter;  // WarehouseSide::partition_filter()
  std::vector<std::string> key_hashes;
};

struct RepairResult {
  PartitionInfo partition;
  int64_t kept = 0;     // rows copied from the old version
  int64_t fetched = 0;  // rows read again from the source
};

RepairResult RepairPartition(Warehouse& wh, Source& source, const RepairRequest& request);

}  // namespace strata
