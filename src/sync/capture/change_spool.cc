#include "sync/capture/change_spool.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/civil_time.h"
#include "core/error.h"
#include "core/names.h"
#include "sync/capture/change_producer.h"
#include "sync/table_read.h"
#include "sync/target_table.h"
#include "warehouse/catalog/catalog.h"
#include "warehouse/catalog/schema_evolution.h"
#include "warehouse/engine/parquet_select.h"
#include "warehouse/ingest/parquet_ingest.h"
#include "warehouse/merge/merge_memory.h"
#include "warehouse/merge/merge_sql.h"
#include "warehouse/storage/scratch_folder.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string Micros(int64_t v) {
  return std::to_string(v);
}

// Commits `state` alone: the log moved on without a change of this table.
void StoreState(Warehouse& wh, const std::string& table, const CaptureState& state) {
  wh.catalog().SetTableState(table, state.ToJson());
}

Schema ChangeSchema(const Schema& data) {
  Schema s = data;
  for (const auto& c : ChangeRowColumns()) s.push_back(c);
  return s;
}

// The first run: the table in a snapshot, stored as inserts at the
// position the stream starts from, with the state, in one commit.
CaptureState TakeSnapshot(Warehouse& wh, const SpoolRequest& req, SpoolReport& report) {
  const SyncRequest& s = *req.sync;
  CaptureSnapshot snap = OpenCaptureSnapshot(s.connection, s.read, req.owner);
  int64_t started = NowMicros();
  ScratchFolder scratch(wh.store(), req.change_table);
  fs::path file = scratch.NewFile(0);
  DirtyLog dirty(wh.DirtyDir() / s.node / (req.snapshot_ds + ".jsonl"), s.max_dirty_records);
  int64_t read = ReadTableInto(wh, *snap.source, s.read, s.channels, *req.data, req.change_table,
                               dirty, file, nullptr, req.progress);
  dirty.CheckPercent(read, s.max_dirty_percent);
  CaptureState state;
  state.position = snap.start();
  state.snapshot_ds = req.snapshot_ds;
  state.stored_micros = started;
  std::string select = "SELECT *, 'I' AS _op, make_timestamp(" + Micros(started) +
                       ")::TIMESTAMPTZ AS _ts, " + QuoteLiteral(state.position.text) +
                       " AS _pos, 0::BIGINT AS _seq FROM read_parquet(" +
                       QuoteLiteral(file.string()) + ")";
  Schema all = ChangeSchema(*req.data);
  // The snapshot holds each key once: its rows share _seq 0, and the log's
  // changes are numbered after it (numbering 5,000,000 rows in order took
  // DuckDB ~400 MB).
  state.next_seq = 1;
  int64_t rows = read - dirty.count();
  MergeMemory memory(wh.engine(), wh.root() / "_strata" / "spill");
  wh.WritePartition(
      req.change_table, "ds=" + req.snapshot_ds, CommitMode::kOverwrite,
      [&](const StagedPartition& st) {
        wh.engine().Execute(MergeSql::CopyTo("SELECT " + CastList(all) + " FROM (" + select + ")",
                                             st.NewFile(0), MergeSql::FileUse::kVersion));
        return rows;
      },
      state.ToJson());
  report.snapshot = true;
  report.snapshot_rows = rows;
  return state;
}

// The dates the rows of `file` fall in, from `first` on (a change is never
// put before the snapshot's date), with the rows of each.
std::map<std::string, int64_t> RowsByDate(DuckEngine& db, const fs::path& file,
                                          const CaptureCalendar& calendar, const std::string& first,
                                          std::map<std::string, std::string>* predicates) {
  QueryResult r = db.Query("SELECT min(epoch_us(_ts)), max(epoch_us(_ts)) FROM read_parquet(" +
                           QuoteLiteral(file.string()) + ")");
  std::map<std::string, int64_t> out;
  if (!r.rows.at(0).at(0)) return out;
  auto date = [&](int64_t micros) {
    std::optional<std::string> ds = calendar.DateOf(micros);
    if (!ds)
      throw Error("no cutoff is known for a change committed at " + FormatMicrosLocal(micros));
    return std::max(*ds, first);
  };
  std::string lo = date(std::stoll(*r.rows[0][0])), hi = date(std::stoll(*r.rows[0][1]));
  for (CivilTime d = *CivilTime::ParseYmd(lo);; d = d.AddDays(1)) {
    std::string ds = d.FormatYmd();
    std::string where = "true";
    if (ds != lo)
      where += " AND epoch_us(_ts) >= " + Micros(*calendar.CutoffOf(d.AddDays(-1).FormatYmd()));
    if (ds != hi) where += " AND epoch_us(_ts) < " + Micros(*calendar.CutoffOf(ds));
    QueryResult n = db.Query("SELECT count(*) FROM read_parquet(" + QuoteLiteral(file.string()) +
                             ") WHERE " + where);
    int64_t rows = std::stoll(n.rows.at(0).at(0).value_or("0"));
    if (rows > 0) {
      out[ds] = rows;
      (*predicates)[ds] = where;
    }
    if (ds == hi) break;
  }
  return out;
}

// Appends the rows of `file` to their dates' partitions, with `state`, in one group commit.
void StoreChanges(Warehouse& wh, const SpoolRequest& req, const fs::path& file,
                  const CaptureState& state, SpoolReport& report) {
  std::map<std::string, std::string> where;
  report.rows_by_date = RowsByDate(wh.engine(), file, *req.calendar, state.snapshot_ds, &where);
  Schema all = ChangeSchema(*req.data);
  // Copied as they are, not sorted: _seq orders them for readers, and a sort
  // of 1,000,000 change rows ran out of the merge's memory.
  MergeMemory memory(wh.engine(), wh.root() / "_strata" / "spill");
  wh.HoldCommits();
  try {
    size_t i = 0;
    for (const auto& [ds, rows] : report.rows_by_date) {
      bool last = ++i == report.rows_by_date.size();
      wh.WritePartition(
          req.change_table, "ds=" + ds, CommitMode::kAppend,
          [&, ds = ds, rows = rows](const StagedPartition& st) {
            wh.engine().Execute(MergeSql::CopyTo("SELECT " + CastList(all) + " FROM read_parquet(" +
                                                     QuoteLiteral(file.string()) + ") WHERE " +
                                                     where[ds],
                                                 st.NewFile(0), MergeSql::FileUse::kVersion));
            return rows;
          },
          last ? state.ToJson() : "");
    }
  } catch (...) {
    wh.AbandonHeld();
    throw;
  }
  wh.PublishHeld();
}

// The kept stream of `req`, read on from `position`; nullptr (and none kept)
// when there is none or it cannot go on from there (a run stored more since).
ChangeStream* ContinueKept(const SpoolRequest& req, const ChangePosition& position) {
  if (!req.kept_stream || !*req.kept_stream) return nullptr;
  ChangeStream* kept = req.kept_stream->get();
  if (kept->CompletedPosition() == position && kept->Continue(ChangeStop{req.stop_before}))
    return kept;
  req.kept_stream->reset();  // closed before a new one asks for the slot
  return nullptr;
}

// Reads the log after `state`'s position into change rows and stores them.
CaptureState ReadLog(Warehouse& wh, const SpoolRequest& req, CaptureState state,
                     SpoolReport& report) {
  const SyncRequest& s = *req.sync;
  auto t0 = std::chrono::steady_clock::now();
  report.from = state.position;
  report.read_started_micros = NowMicros();
  std::unique_ptr<ChangeStream> opened;
  ChangeStream* stream = ContinueKept(req, state.position);
  if (!stream) {
    opened = OpenChangeStream(s.connection, s.read, req.owner);
    opened->Start(state.position, ChangeStop{req.stop_before});
    stream = opened.get();
  }
  ScratchFolder scratch(wh.store(), req.change_table);
  Schema all = ChangeSchema(*req.data);
  std::vector<int> target_of = MapColumns(*req.src, *req.data, req.change_table);
  DirtyLog dirty(wh.DirtyDir() / s.node / (s.bizdate + ".capture.jsonl"), s.max_dirty_records);
  ChangeProducer producer(stream, &all, std::move(target_of), &dirty, state.next_seq);
  fs::path file = scratch.NewFile(0);
  int64_t written = WriteParquet(wh.engine(), all, producer, file);
  dirty.CheckPercent(producer.rows_read(), s.max_dirty_percent);
  ChangePosition completed = stream->CompletedPosition();
  report.read_seconds = SecondsSince(t0);
  auto t1 = std::chrono::steady_clock::now();
  if (req.kept_stream && opened) *req.kept_stream = std::move(opened);
  if (written == 0 && completed == state.position) return state;
  state.position = completed;
  state.next_seq = producer.next_seq();
  if (written == 0) {
    StoreState(wh, req.change_table, state);
  } else {
    state.last_commit_micros = producer.last_commit_micros();
    state.stored_micros = report.read_started_micros;
    StoreChanges(wh, req, file, state, report);
  }
  report.changes = written;
  // Stored for good: the server may now discard the log before it.
  stream->Acknowledge(state.position);
  report.store_seconds = SecondsSince(t1);
  return state;
}

}  // namespace

FileLock LockCapture(Warehouse& wh, const std::string& change_table, bool wait) {
  fs::path file = wh.root() / "_strata" / "locks" / (change_table + ".capture.lock");
  return wait ? LockFile(file) : TryLockFile(file);
}

std::optional<CaptureState> LoadCaptureState(Warehouse& wh, const std::string& change_table) {
  return CaptureState::FromJson(wh.catalog().TableState(change_table), change_table);
}

void RequireCaptureTable(Warehouse& wh, const std::string& name, const Schema& data) {
  RequireIdentifier(name, "change table");
  Schema want = ChangeSchema(data);
  Schema parts{{"ds", {TypeId::kString}}};
  if (!wh.catalog().FindTable(name))
    wh.CreateTable({name, want, parts, std::nullopt, {}, {}}, true);
  TableInfo t = wh.RequireTable(name);
  if (t.columns != want && t.partition_columns == parts && !LoadCaptureState(wh, name)) {
    // A new snapshot starts over: the change table follows the source's
    // columns (added, widened), as a merge's change table does.
    EvolutionPlan plan = PlanEvolution(name, t.columns, want, t.columns, SchemaPolicy::kEvolve);
    Schema tail = ChangeRowColumns();
    std::stable_partition(plan.columns.begin(), plan.columns.end(), [&](const Column& c) {
      return std::none_of(tail.begin(), tail.end(),
                          [&](const Column& t) { return t.name == c.name; });
    });
    bool only_widened = true;
    for (const auto& c : plan.changes) only_widened = only_widened && !c.new_type.empty();
    if (only_widened && !plan.changes.empty()) wh.SetColumns(name, plan.columns, plan.changes);
    t = wh.RequireTable(name);
  }
  if (t.columns != want || t.partition_columns != parts)
    throw Error("change table '" + name +
                "' exists with other columns than the source's plus _op, _ts, _pos, _seq, "
                "partitioned by ds (did the source's columns change? a new snapshot is needed)");
}

SpoolReport SpoolChanges(Warehouse& wh, const SpoolRequest& req) {
  // A scheduled run's completion is its merge's commit; what it stores of
  // the log is stored once whether the run completes or not.
  Warehouse::UntaggedCommits untagged(wh);
  SpoolReport report;
  std::optional<CaptureState> state = LoadCaptureState(wh, req.change_table);
  if (!state) {
    if (req.snapshot_ds.empty())
      throw Error("node '" + req.sync->node +
                  "' has not captured yet: its first run takes the snapshot");
    auto t0 = std::chrono::steady_clock::now();
    state = TakeSnapshot(wh, req, report);
    report.snapshot_seconds = SecondsSince(t0);
  }
  try {
    report.state = ReadLog(wh, req, *state, report);
  } catch (const Error& e) {
    std::string what = e.what();
    if (what.find("new snapshot") == std::string::npos) throw;
    throw Error(what + ": run `strata resnapshot " + req.sync->node +
                "`, then run the node for the current date");
  }
  return report;
}

CaptureRun CaptureForDate(Warehouse& wh, SpoolRequest req) {
  const std::string& ds = req.sync->bizdate;
  std::optional<int64_t> cutoff = req.calendar->CutoffOf(ds);
  if (!cutoff)
    throw Error("no cutoff is known for date " + ds + " (" + req.calendar->Describe() + ")");
  if (auto state = LoadCaptureState(wh, req.change_table); state && ds < state->snapshot_ds)
    throw Error("node '" + req.sync->node + "' captures from its snapshot of " +
                state->snapshot_ds + "; date " + ds + " is before it");
  req.stop_before = *cutoff;
  req.snapshot_ds = ds;
  CaptureRun run;
  run.spool = SpoolChanges(wh, req);
  run.cutoff_micros = *cutoff;
  run.partial = run.spool.read_started_micros < *cutoff;
  return run;
}

std::string FormatCaptureRun(const CaptureRun& run) {
  const SpoolReport& c = run.spool;
  std::string out;
  if (c.snapshot)
    out += fmt::format("  snapshot         : {} rows at {} in {:.2f} s\n", c.snapshot_rows,
                       c.state.position.text, c.snapshot_seconds);
  out += fmt::format(
      "  log read         : {} changes from {} to {}, read in {:.2f} s, stored in {:.2f} s\n",
      c.changes, c.from.text, c.state.position.text, c.read_seconds, c.store_seconds);
  for (const auto& [ds, rows] : c.rows_by_date)
    out += fmt::format("  changes stored   : ds={} {} rows\n", ds, rows);
  if (run.partial)
    out += "  partial          : the date's cutoff (" + FormatMicrosLocal(run.cutoff_micros) +
           ") is ahead; changes committed until then come with a rerun after it\n";
  return out;
}

}  // namespace strata
