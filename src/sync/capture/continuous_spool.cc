#include "sync/capture/continuous_spool.h"

#include "sync/merge_target.h"
#include "sync/target_table.h"

namespace strata {

ContinuousSpool SpoolContinuously(Warehouse& wh, const SyncRequest& sync, const CaptureRequest& c,
                                  const MergeSyncRequest* merge,
                                  std::unique_ptr<ChangeStream>* kept) {
  ContinuousSpool out;
  FileLock lock = LockCapture(wh, c.change_table, /*wait=*/false);
  if (!lock) {
    if (kept) kept->reset();  // the run waits for the slot this stream holds
    return out;
  }
  // Checked under the lock: a first run may be storing the snapshot right now.
  if (!LoadCaptureState(wh, c.change_table)) {
    out.outcome = ContinuousSpoolOutcome::kNotStarted;
    return out;
  }
  // The columns the node's run stores (RunCaptureSync, RunChangeCapture),
  // so both append rows of the same columns to the same change table.
  Schema data;
  SourceTable src;
  if (merge) {
    MergeRead r = ResolveMergeRead(wh, *merge);
    data = std::move(r.data);
    src = std::move(r.src);
  } else {
    src = OpenSource(sync.connection)->Describe(sync.read);
    data = SourceSchemaOf(src);
  }
  RequireCaptureTable(wh, c.change_table, data);
  SpoolRequest spool{&sync, c.owner,     c.change_table,          &data,
                     &src,  &c.calendar, c.calendar.LastCutoff(), /*snapshot_ds=*/"",
                     {},    kept};
  out.report = SpoolChanges(wh, spool);
  out.outcome = ContinuousSpoolOutcome::kSpooled;
  return out;
}

}  // namespace strata
