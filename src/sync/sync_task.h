#pragma once
// SyncTask runs one sync node for one business date: it reads the source in
// parallel channels (one split per channel at a time), converts every value
// exactly into the target table's types, writes one Parquet file into the
// staged partition, and commits it atomically, or commits nothing when it
// fails or the dirty records pass the node's limit. A target table that does
// not exist is created from the source's schema.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "source/source.h"
#include "warehouse/storage/partition_store.h"
#include "warehouse/warehouse.h"

namespace strata {

// A sync node with its scheduling parameters already substituted.
struct SyncRequest {
  std::string node;
  std::string bizdate;  // yyyymmdd; names the dirty-data file
  ConnectionConfig connection;
  ReadSpec read;
  std::string target_table;
  std::string partition;  // "ds=20161114"; "" for an unpartitioned table
  CommitMode mode = CommitMode::kOverwrite;
  std::optional<int64_t> max_dirty_records = 0;
  std::optional<double> max_dirty_percent;
  int channels = 1;
  SchemaPolicy schema = SchemaPolicy::kEvolve;  // when the source's columns change
};

struct SyncReport {
  std::string start, end;  // local wall-clock time
  double seconds = 0;
  int64_t read = 0, written = 0, dirty = 0;
  int64_t bytes_read = 0, bytes_written = 0;
  PartitionInfo partition;
  std::string dirty_file;   // empty when there were no dirty records
  std::string schema_note;  // the schema changes this run made; empty when none
};

// Live counters, for a progress line while a node runs. A SQL node reports
// only `stage` and `seconds`.
struct SyncProgress {
  int64_t read = 0;
  int64_t dirty = 0;
  double seconds = 0;
  std::optional<int64_t> total;    // the rows the read delivers, when the source can say
  bool total_is_estimate = false;  // the planner's guess, not a count
  std::string stage;               // a SQL node's "statement 2/5"; empty for a sync
};

class SplitProducer;
class DirtyLog;
// What a Ticker calls about once a second while `producer` reads: `progress`
// with the counters of now, against `total` when known; nothing when there
// is no `progress`. The arguments must outlive the ticker.
std::function<void(double)> ProgressTick(const std::function<void(const SyncProgress&)>& progress,
                                         const SplitProducer& producer, const DirtyLog& dirty,
                                         const std::optional<RowEstimate>& total);

// Runs the sync; throws strata::Error (nothing committed) on failure.
// `progress` (optional) is called about once a second from another thread.
SyncReport RunSync(Warehouse& warehouse, const SyncRequest& request,
                   const std::function<void(const SyncProgress&)>& progress = {});

// The DataX-style summary: start, end, elapsed, records, bytes, speed.
std::string FormatSyncReport(const SyncReport& report);

}  // namespace strata
