#pragma once
// SpoolContinuously is one round of `strata serve`'s continuous capture for
// one `capture: log` node: between the node's daily runs it stores what the
// source's log holds in the change table (SpoolChanges), so the server may
// discard its log early and the daily run has only its date's last moments
// to read. It never waits and never takes a snapshot: when a run (or another
// serve) holds the capture lock it does nothing, and a node whose first run
// has not taken the snapshot yet is left to that run. It reads up to the
// calendar's last known cutoff (a change past it has no business date yet)
// or, with a daily calendar, up to what was committed when the read began.
// Each read is one atomic SpoolChanges commit: a process killed during it
// has stored nothing of that read, and the next read reads it again.
// Not thread-safe: one Warehouse per thread, as everywhere.

#include <optional>

#include "sync/capture/change_spool.h"
#include "sync/merge_sync.h"

namespace strata {

enum class ContinuousSpoolOutcome {
  kSpooled,     // read the log (report says what was stored; maybe nothing)
  kBusy,        // a run or another serve holds the capture lock: skipped
  kNotStarted,  // no capture state yet: the node's first run takes the snapshot
};

struct ContinuousSpool {
  ContinuousSpoolOutcome outcome = ContinuousSpoolOutcome::kBusy;
  std::optional<SpoolReport> report;  // with kSpooled
};

// What serve keeps of a node between reads: the source table as its first
// read described it, and the stream, open (SpoolRequest::kept_stream).
// Reset it after a failure: the next read describes and opens afresh.
struct KeptCapture {
  std::unique_ptr<ChangeStream> stream;
  std::optional<Schema> data;
  std::optional<SourceTable> src;
};

// `sync` and `capture` are the node's (its SyncRequest and CaptureRequest);
// `merge` is its merge request when it is a merge or history node, whose
// columns are resolved as its run resolves them (ResolveMergeRead), and
// nullptr for a change table node (mode: append: the source's columns).
// `kept` is what serve keeps of the node: emptied when a run holds the
// lock, so the run can have the slot; nullptr keeps nothing. Throws
// strata::Error (nothing of this read stored) on failure.
ContinuousSpool SpoolContinuously(Warehouse& wh, const SyncRequest& sync,
                                  const CaptureRequest& capture, const MergeSyncRequest* merge,
                                  KeptCapture* kept = nullptr);

}  // namespace strata
