#include "sync/capture/continuous_spool.h"

#include "core/error.h"
#include "sync/merge_target.h"

namespace strata {

ContinuousSpool SpoolContinuously(Warehouse& wh, const MergeSyncRequest& req) {
  if (!req.capture) throw Error("node '" + req.sync.node + "' does not capture its source's log");
  const CaptureRequest& c = *req.capture;
  ContinuousSpool out;
  FileLock lock = LockCapture(wh, c.change_table, /*wait=*/false);
  if (!lock) return out;
  // Checked under the lock: a first run may be storing the snapshot right now.
  if (!LoadCaptureState(wh, c.change_table)) {
    out.outcome = ContinuousSpoolOutcome::kNotStarted;
    return out;
  }
  // Resolved as the node's run resolves it (RunCaptureSync), so both store
  // rows of the same columns in the same change table.
  MergeRead r = ResolveMergeRead(wh, req);
  RequireCaptureTable(wh, c.change_table, r.data);
  SpoolRequest spool{&req.sync, c.owner,     c.change_table,          &r.data,
                     &r.src,    &c.calendar, c.calendar.LastCutoff(), /*snapshot_ds=*/"",
                     {}};
  out.report = SpoolChanges(wh, spool);
  out.outcome = ContinuousSpoolOutcome::kSpooled;
  return out;
}

}  // namespace strata
