#pragma once
// RunCaptureSync is a merge (or history) node's run with `capture: log`:
// instead of reading the table, it stores the source's changes committed
// before the run's cutoff in the change table (SpoolChanges; the first run
// takes the snapshot), then applies the change partitions of the dates
// after the version it builds on, up to the run's, to the merge table: per
// key the last change wins (by _seq), a delete removes the key. Change rows
// of a date are kept, so a rerun gives the same table without the
// server's log. A run before its date's cutoff applies what was committed
// so far and says so (MergeSyncReport::partial); its rerun after the cutoff
// completes the date. Holds the capture lock for the whole run.

#include <functional>

#include "sync/merge_sync.h"

namespace strata {

// Throws strata::Error (the merge table unchanged; changes stored before
// the failure stay stored) on failure.
MergeSyncReport RunCaptureSync(Warehouse& warehouse, const MergeSyncRequest& request,
                               const std::function<void(const SyncProgress&)>& progress = {});

// A change table node (`capture: log` with `mode: append`): its target is
// the change table itself; the run stores the date's changes and applies
// nothing. Throws strata::Error (nothing of the failed read stored).
CaptureRun RunChangeCapture(Warehouse& warehouse, const SyncRequest& request,
                            const CaptureRequest& capture,
                            const std::function<void(const SyncProgress&)>& progress = {});

}  // namespace strata
