#include "sync/capture/capture_sync.h"

#include <chrono>

#include "core/civil_time.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/failpoint.h"
#include "core/names.h"
#include "sync/capture/change_producer.h"
#include "sync/merge_target.h"
#include "sync/target_table.h"
#include "warehouse/catalog/catalog.h"
#include "warehouse/engine/parquet_select.h"
#include "warehouse/merge/merge_sql.h"
#include "warehouse/storage/scratch_folder.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

// The change partitions a run of `ds` applies on a base built for `base_ds`:
// the dates after the base's, up to the run's, from the snapshot's on. A
// base of `ds` or later (a history table rewinding) builds on the end of
// the day before.
std::vector<std::string> DatesToApply(Warehouse& wh, const std::string& table,
                                      const std::string& base_ds, const std::string& ds,
                                      const std::string& snapshot_ds) {
  std::string after = base_ds;
  if (!base_ds.empty() && base_ds >= ds) after = CivilTime::ParseYmd(ds)->AddDays(-1).FormatYmd();
  std::vector<std::string> out;
  for (const PartitionInfo& p : wh.catalog().ListPartitions(table)) {
    std::string d = p.spec.substr(3);  // "ds=..."
    if (d > after && d <= ds && d >= snapshot_ds) out.push_back(d);
  }
  return out;
}

// Rows of netted changes per merge bucket: half the default. A day of
// changes is small against its table, so its buckets are few and each holds
// a large share of the table. At 5,000,000 rows and 1,000,000 changes
// (bench/capture_bench.sh, both databases) the daily merge peaked at
// 323-328 MB with 500,000 per bucket and 285-304 MB with 250,000, in the
// same time (PostgreSQL: 20.6 s against 21.2 s); 125,000 was no lower and
// slower. A compare: full merge keeps the default: its increment is the
// whole table, and 250,000 made it 44 % slower. A capture's first merge
// (the snapshot) takes 18-20 s instead of 16 s, once.
constexpr int64_t kCaptureBucketIncrementRows = 250'000;

// Writes the last change of every key in `dates` to `last` (when there is
// more than a snapshot to net), then the upserts (data columns) to `inc` and
// the deleted keys to `gone`.
void NetChanges(Warehouse& wh, const CaptureRequest& c, const MergeRead& r,
                const std::vector<std::string>& dates, const fs::path& last, const fs::path& inc,
                const fs::path& gone) {
  Schema all = r.data;
  for (const auto& col : ChangeRowColumns()) all.push_back(col);
  std::vector<fs::path> files;
  for (const std::string& d : dates)
    if (auto p = wh.catalog().FindPartition(c.change_table, "ds=" + d))
      for (const auto& f : p->file_names)
        files.push_back(wh.store().PartitionDir(c.change_table, "ds=" + d) / f);
  std::string keys;
  for (const auto& k : r.options.key) keys += (keys.empty() ? "" : ", ") + QuoteIdentifier(k);
  DuckEngine& db = wh.engine();
  MergeMemory memory(db, wh.root() / "_strata" / "spill");
  std::string rows = "(" + ParquetFilesSelect(all, files, true) + ")";
  std::string from = " FROM " + rows;
  // A snapshot's rows alone (all _seq 0) hold each key once: nothing to net
  // (netting a first run's 5,000,000 rows cost a window over all of them).
  QueryResult seq = db.Query("SELECT max(_seq)" + from);
  if (seq.rows.at(0).at(0).value_or("0") != "0") {
    // Each key's change of the highest _seq (unique to a change row): a
    // grouping and a join, which both spill under the memory limit; a
    // window over the changes once ran out of memory at 1,000,000 changes.
    db.Execute(MergeSql::CopyTo("SELECT *" + from + " AS __c SEMI JOIN (SELECT " + keys +
                                    ", max(_seq) AS _seq" + from + " GROUP BY " + keys +
                                    ") AS __m USING (" + keys + ", _seq)",
                                last, MergeSql::FileUse::kScratch));
    from = " FROM read_parquet(" + QuoteLiteral(last.string()) + ")";
  }
  db.Execute(MergeSql::CopyTo("SELECT " + CastList(r.data) + from + " WHERE _op <> 'D'", inc,
                              MergeSql::FileUse::kScratch));
  db.Execute(MergeSql::CopyTo(
      "SELECT " + CastList(KeyColumns(r.data, r.options.key)) + from + " WHERE _op = 'D'", gone,
      MergeSql::FileUse::kScratch));
}

void RequireWholeTable(const ReadSpec& read) {
  if (!read.query.empty() || !read.where.empty() || !read.columns.empty())
    throw Error("capture: log reads a whole table: remove query, where and columns");
}

void CheckOptions(const MergeSyncRequest& req) {
  if (!req.options.cursor.empty() || !req.options.order_by.empty())
    throw Error("capture: log orders changes by the log; remove cursor and order_by");
  RequireWholeTable(req.sync.read);
}

}  // namespace

MergeSyncReport RunCaptureSync(Warehouse& wh, const MergeSyncRequest& req,
                               const std::function<void(const SyncProgress&)>& progress) {
  auto t0 = std::chrono::steady_clock::now();
  const SyncRequest& s = req.sync;
  const CaptureRequest& c = *req.capture;
  CheckOptions(req);
  MergeSyncReport report;
  report.sync.start = FormatLocal(Clock::Now());
  MergeRead r = ResolveMergeRead(wh, req);
  FileLock lock = LockCapture(wh, c.change_table);
  RequireCaptureTable(wh, c.change_table, r.data);
  report.capture = CaptureForDate(
      wh, {&s, c.owner, c.change_table, &r.data, &r.src, &c.calendar, {}, {}, progress});

  Failpoint("capture.after_spool");
  r.options.changes_table.clear();  // the change table holds the log's rows, not the merge's
  r.options.unique_key = true;      // one row per key once netted
  r.options.increment_bucket_rows = kCaptureBucketIncrementRows;
  MergeTable table(wh, r.target.name, r.options);
  const MergeVersion& base = table.BaseFor(s.bizdate);
  const std::string& first = report.capture->spool.state.snapshot_ds;
  report.applied_dates = DatesToApply(wh, c.change_table, base.ds, s.bizdate, first);
  ScratchFolder scratch(wh.store(), r.target.name);
  MergeInput in{s.bizdate, {scratch.NewFile(1)}, {scratch.NewFile(2)}, UtcNowText(), scratch.dir()};
  NetChanges(wh, c, r, report.applied_dates, scratch.NewFile(0), in.increment[0],
             in.source_keys[0]);
  // The snapshot's date holds the whole table: what it lacks is gone.
  bool whole = !report.applied_dates.empty() && report.applied_dates.front() == first;
  if (whole) in.source_keys = in.increment;
  in.deletes_listed = !whole;
  report.merge = table.Apply(in);
  report.sync.read = report.capture->spool.snapshot_rows + report.capture->spool.changes;
  report.sync.written = report.merge.rows;
  report.sync.partition = report.merge.table;
  report.sync.bytes_written = report.merge.table.bytes;
  report.sync.schema_note = r.note;
  report.sync.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.sync.end = FormatLocal(Clock::Now());
  return report;
}

CaptureRun RunChangeCapture(Warehouse& wh, const SyncRequest& s, const CaptureRequest& c,
                            const std::function<void(const SyncProgress&)>& progress) {
  RequireWholeTable(s.read);
  SourceTable src = OpenSource(s.connection)->Describe(s.read);
  Schema data = SourceSchemaOf(src);
  FileLock lock = LockCapture(wh, c.change_table);
  RequireCaptureTable(wh, c.change_table, data);
  return CaptureForDate(wh,
                        {&s, c.owner, c.change_table, &data, &src, &c.calendar, {}, {}, progress});
}

}  // namespace strata
