#pragma once
// RunVerify compares what a sync node's source holds now (its table or
// query, columns and filter, read in one consistent snapshot) with the
// warehouse partition the node wrote, by key (TableComparer), and with
// `repair` rewrites the partition's differing keys from that same snapshot
// (RepairPartition), then compares again. A merge table is compared whole,
// a history table as of its latest business date (no repair for either).
// Throws strata::Error for a node it cannot verify (no key, a source without
// SQL, a missing partition, a history date that is not the latest).

#include <optional>
#include <string>
#include <vector>

#include "sync/sync_task.h"
#include "verify/partition_repair.h"
#include "verify/table_comparer.h"
#include "warehouse/warehouse.h"

namespace strata {

// What the node's target table keeps, and so what verify compares with the source.
enum class VerifiedTable {
  kPartition,  // the partition the node writes for the date
  kMerge,      // the whole merge table (less soft-deleted rows)
  kHistory,    // the as-of snapshot of the date, which must be the table's latest
};

struct VerifyRequest {
  SyncRequest sync;  // the node's read and target, parameters substituted
  VerifiedTable table = VerifiedTable::kPartition;
  bool soft_deletes = false;     // kMerge: the table keeps deleted rows, flagged
  std::vector<std::string> key;  // the node's target key; empty: the source's primary key
  int limit = 20;                // rows to describe
  bool repair = false;
  // Accept the server's own table checksum as proof of an equal table
  // (MariaDbTableChecksum: 32 bits, against the buckets' 64-bit row hashes).
  bool server_checksum = true;
};

struct VerifyReport {
  std::string node, table, partition;  // partition: "ds=20161114", or ""
  std::vector<std::string> key;
  Comparison comparison;  // after the repair, when there was one
  std::optional<Comparison> before_repair;
  std::optional<RepairResult> repair;
  int64_t source_bytes = 0;  // bytes of values the source's answers carried
  double seconds = 0;
};

VerifyReport RunVerify(Warehouse& warehouse, const VerifyRequest& request);

}  // namespace strata
