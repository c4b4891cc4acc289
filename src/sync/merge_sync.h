#pragma once
// RunMergeSync is the sync side of a merge table (warehouse/merge does the
// table side): it decides what to read, reads it, and hands it to
// MergeTable. It reads the increment — the node's filter, and with a cursor
// only rows at or after the watermark of the version it builds on, less the
// lookback — into a scratch Parquet file; with deletes it then reads every
// key the source holds (key columns only, split across the channels) into
// another. The scratch files live in a locked staging folder and go when
// the run ends, committed or not.

#include <cstdint>
#include <functional>
#include <string>

#include "sync/capture/change_spool.h"
#include "sync/sync_task.h"
#include "warehouse/merge/merge_table.h"

namespace strata {

// A merge fed by the source's change log (`capture: log`) instead of reads
// of the table: see sync/capture/capture_sync.h.
struct CaptureRequest {
  CaptureOwner owner;
  std::string change_table;  // where the change rows are kept, by date
  CaptureCalendar calendar;  // which date a change belongs to
};

struct MergeSyncRequest {
  SyncRequest sync;      // partition and mode are not used
  MergeOptions options;  // an empty key means the source's primary key
  // A cursor reads rows with cursor >= watermark - lookback (seconds for
  // time columns, days for dates rounded up, units for integers).
  int64_t lookback = 0;
  std::optional<CaptureRequest> capture;
};

struct MergeSyncReport {
  SyncReport sync;  // the increment's read, and the table's new version
  MergeOutcome merge;
  int64_t keys_read = 0;
  std::string cursor_from;  // the lower bound the read used; "" = none
  std::optional<CaptureRun> capture;       // what a capture stored
  std::vector<std::string> applied_dates;  // a capture's change partitions merged
};

// Throws strata::Error (nothing committed) on failure.
MergeSyncReport RunMergeSync(Warehouse& warehouse, const MergeSyncRequest& request,
                             const std::function<void(const SyncProgress&)>& progress = {});

std::string FormatMergeReport(const MergeSyncReport& report);

}  // namespace strata
