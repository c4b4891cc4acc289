#pragma once
// SpoolChanges stores a node's captured changes in its change table, the
// warehouse's copy of the source's log: change rows (the data columns, then
// _op, _ts, _pos, _seq; ChangeRowColumns()) in partitions ds=<business date>,
// each change in the partition of the date its commit time falls in
// (CaptureCalendar). One call:
// - the first time (no CaptureState yet) takes a consistent snapshot of the
//   table and stores it as inserts in the partition of `snapshot_ds`, with
//   the position the stream starts at, in one commit;
// - then reads the log from the stored position up to `stop_before` (and
//   what was committed when the read started), and appends the rows to
//   their dates' partitions in one group commit with the new CaptureState.
//   Only after that commit does it acknowledge the position to the server.
// A failure at any point publishes nothing of that read: a later call
// reads the same changes again. The caller must hold the capture lock
// (LockCapture) for the whole call, so two spools never race.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/file_lock.h"
#include "source/capture_source.h"
#include "sync/capture/capture_calendar.h"
#include "sync/capture/capture_state.h"
#include "sync/sync_task.h"

namespace strata {

struct SpoolRequest {
  const SyncRequest* sync = nullptr;  // connection, read.table, node, dirty limits, channels
  CaptureOwner owner;
  std::string change_table;
  const Schema* data = nullptr;      // the target's data columns
  const SourceTable* src = nullptr;  // the source table, described
  const CaptureCalendar* calendar = nullptr;
  std::optional<int64_t> stop_before;  // commit time bound (UTC µs); nullopt = none
  std::string snapshot_ds;             // a first run's date; "" = refuse to snapshot
  std::function<void(const SyncProgress&)> progress;
  // serve's stream of this node, kept open between reads: used when it can
  // Continue from the stored position, else replaced by the one this read
  // opens. nullptr: the read opens its own and closes it.
  std::unique_ptr<ChangeStream>* kept_stream = nullptr;
};

struct SpoolReport {
  int64_t snapshot_rows = 0;  // > 0 (or snapshot) when this call took the first snapshot
  bool snapshot = false;
  int64_t changes = 0;  // change rows stored by this call's read of the log
  // Wall seconds: the snapshot; the log read into change rows (opening the
  // stream included); storing them with the state and acknowledging.
  double snapshot_seconds = 0;
  double read_seconds = 0;
  double store_seconds = 0;
  std::map<std::string, int64_t> rows_by_date;
  ChangePosition from;  // where the read started
  int64_t read_started_micros = 0;
  CaptureState state;  // as committed
};

// What a run of one business date stored (CaptureForDate).
struct CaptureRun {
  SpoolReport spool;
  int64_t cutoff_micros = 0;  // the date's cutoff
  bool partial = false;       // read before the cutoff: the date is not complete yet
};

// The run of `sync.bizdate`: SpoolChanges up to that date's cutoff (a first
// run snapshots for that date). Refuses a date before the snapshot's, and a
// date whose cutoff the calendar does not know. The caller holds the lock.
CaptureRun CaptureForDate(Warehouse& wh, SpoolRequest request);

// The lines a run prints about it ("  snapshot : ...", "  log read : ...").
std::string FormatCaptureRun(const CaptureRun& run);

// Takes the capture lock of `change_table` (_strata/locks/<table>.capture.lock):
// waits, or with `wait` false returns nullptr when it is held elsewhere.
FileLock LockCapture(Warehouse& wh, const std::string& change_table, bool wait = true);

// The capture state the catalog holds for `change_table`; nullopt before the first snapshot.
std::optional<CaptureState> LoadCaptureState(Warehouse& wh, const std::string& change_table);

// See the file comment. Throws strata::Error (nothing of this read stored).
SpoolReport SpoolChanges(Warehouse& wh, const SpoolRequest& request);

// The change table of a capture: created on first use with `data` plus
// ChangeRowColumns(), partitioned by ds; an existing one must have exactly
// those columns (schema changes stop a capture until it is re-snapshotted).
void RequireCaptureTable(Warehouse& wh, const std::string& name, const Schema& data);

}  // namespace strata
