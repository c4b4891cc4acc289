#include "sync/capture/continuous_spool.h"

#include "sync/merge_target.h"
#include "sync/target_table.h"

namespace strata {

namespace {

// The columns the node's run stores (RunCaptureSync, RunChangeCapture), so
// both append rows of the same columns to the same change table.
void Describe(Warehouse& wh, const SyncRequest& sync, const MergeSyncRequest* merge,
              KeptCapture& out) {
  if (merge) {
    MergeRead r = ResolveMergeRead(wh, *merge);
    out.data = std::move(r.data);
    out.src = std::move(r.src);
  } else {
    out.src = OpenSource(sync.connection)->Describe(sync.read);
    out.data = SourceSchemaOf(*out.src);
  }
}

}  // namespace

ContinuousSpool SpoolContinuously(Warehouse& wh, const SyncRequest& sync, const CaptureRequest& c,
                                  const MergeSyncRequest* merge, KeptCapture* kept) {
  ContinuousSpool out;
  FileLock lock = LockCapture(wh, c.change_table, /*wait=*/false);
  if (!lock) {
    if (kept) *kept = {};  // the run waits for the slot its stream holds
    return out;
  }
  // Checked under the lock: a first run may be storing the snapshot right now.
  if (!LoadCaptureState(wh, c.change_table)) {
    out.outcome = ContinuousSpoolOutcome::kNotStarted;
    return out;
  }
  KeptCapture once;
  KeptCapture& k = kept ? *kept : once;
  if (!k.data) Describe(wh, sync, merge, k);
  RequireCaptureTable(wh, c.change_table, *k.data);
  SpoolRequest spool{&sync,   c.owner,     c.change_table,          &*k.data,
                     &*k.src, &c.calendar, c.calendar.LastCutoff(), /*snapshot_ds=*/"",
                     {},      &k.stream};
  out.report = SpoolChanges(wh, spool);
  out.outcome = ContinuousSpoolOutcome::kSpooled;
  return out;
}

}  // namespace strata
