#include "sync/merge_sync.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ticker.h"
#include "sync/capture/capture_sync.h"
#include "sync/dirty_log.h"
#include "sync/merge_target.h"
#include "sync/table_read.h"
#include "sync/target_table.h"
#include "warehouse/catalog/catalog.h"
#include "warehouse/storage/scratch_folder.h"

namespace strata {
namespace {

// The cursor's lower bound, as text the source then quotes, computed by
// DuckDB from the watermark as the warehouse stored it. Whole seconds: a
// bound a little early only reads rows the merge then finds unchanged.
std::string CursorFrom(DuckEngine& db, const ColumnType& type, const std::string& watermark,
                       int64_t lookback) {
  std::string sql;
  if (type.IsInteger()) {
    sql = "SELECT CAST(CAST(" + QuoteLiteral(watermark) + " AS HUGEINT) - " +
          std::to_string(lookback) + " AS VARCHAR)";
  } else if (type.id == TypeId::kDate) {
    sql = "SELECT strftime(CAST(" + QuoteLiteral(watermark) + " AS DATE) - " +
          std::to_string((lookback + 86399) / 86400) + ", '%Y-%m-%d')";
  } else if (type.id == TypeId::kDatetime || type.id == TypeId::kTimestamp || type.IsText()) {
    // Text holding times (SQLite's usual way) compares as text, in this form.
    if (type.IsText() && lookback == 0) return watermark;
    sql = "SELECT strftime(CAST(TRY_CAST(" + QuoteLiteral(watermark) +
          " AS TIMESTAMPTZ) AS TIMESTAMP) - INTERVAL (" + std::to_string(lookback) +
          ") SECOND, '%Y-%m-%d %H:%M:%S')";
  } else {
    throw Error("a cursor must be an integer, date, datetime, timestamp or text column, not " +
                type.ToMaxCompute());
  }
  auto r = db.Query(sql);
  if (!r.rows.at(0).at(0))
    throw Error("cursor value '" + watermark + "' is not a time; lookback needs one (or set 0)");
  return *r.rows[0][0];
}

// The node's read, narrowed to the cursor's range when there is a watermark.
ReadSpec IncrementRead(DuckEngine& db, const MergeSyncRequest& req, const MergeRead& r,
                       const MergeVersion& base, std::string* cursor_from) {
  ReadSpec read = req.sync.read;
  if (r.options.cursor.empty() || base.watermark.empty()) return read;
  const SourceColumn* c = SourceColumnNamed(r.src, r.options.cursor);
  if (!c) throw Error("cursor column '" + r.options.cursor + "' is not a column of the source");
  bool integer = c->warehouse_type.IsInteger();
  read.from = CursorBound{c->name, CursorFrom(db, c->warehouse_type, base.watermark, req.lookback),
                          integer};
  *cursor_from = integer ? read.from->value : QuoteLiteral(read.from->value);
  return read;
}

// Whether `read` is the whole source table (then it holds every key).
bool WholeTable(const ReadSpec& read) {
  return read.query.empty() && read.where.empty() && !read.from;
}

// Every key of the source table: the key columns, no filter.
int64_t ReadKeys(Warehouse& wh, const MergeSyncRequest& req, const MergeRead& r,
                 const std::filesystem::path& file,
                 const std::function<void(const SyncProgress&)>& progress) {
  ReadSpec keys = req.sync.read;
  keys.where.clear();
  keys.from.reset();
  keys.columns.clear();
  for (const auto& k : r.options.key) keys.columns.push_back(SourceColumnNamed(r.src, k)->name);
  Schema schema = KeyColumns(r.data, r.options.key);
  const SyncRequest& s = req.sync;
  DirtyLog dirty(wh.DirtyDir() / s.node / (s.bizdate + ".keys.jsonl"), 0);
  return ReadTableInto(wh, *r.source, keys, s.channels, schema, r.target.name, dirty, file, nullptr,
                       progress);
}

}  // namespace

MergeSyncReport RunMergeSync(Warehouse& wh, const MergeSyncRequest& req,
                             const std::function<void(const SyncProgress&)>& progress) {
  if (req.capture) return RunCaptureSync(wh, req, progress);
  auto t0 = std::chrono::steady_clock::now();
  const SyncRequest& s = req.sync;
  MergeSyncReport report;
  report.sync.start = FormatLocal(Clock::Now());
  MergeRead r = ResolveMergeRead(wh, req);
  MergeTable table(wh, r.target.name, r.options);
  ReadSpec read = IncrementRead(wh.engine(), req, r, table.BaseFor(s.bizdate), &report.cursor_from);

  // The files the merge reads, in a staging folder of their own that goes at the end.
  ScratchFolder scratch(wh.store(), r.target.name);

  MergeInput in{s.bizdate, {scratch.NewFile(0)}, {}, UtcNowText(), scratch.dir()};
  auto dirty_file = wh.DirtyDir() / s.node / (s.bizdate + ".jsonl");
  DirtyLog dirty(dirty_file, s.max_dirty_records);
  report.sync.schema_note = r.note;
  report.sync.read = ReadTableInto(wh, *r.source, read, s.channels, r.data, r.target.name, dirty,
                                   in.increment[0], &report.sync.bytes_read, progress);
  report.sync.dirty = dirty.count();
  if (report.sync.dirty > 0) report.sync.dirty_file = dirty_file.string();
  dirty.CheckPercent(report.sync.read, s.max_dirty_percent);
  // A whole-table read holds every key already, unless rows of it were
  // dirty (their keys are still the source's: not deletes).
  if (r.options.deletes != DeleteMode::kNone && WholeTable(read) && report.sync.dirty == 0) {
    in.source_keys = in.increment;
  } else if (r.options.deletes != DeleteMode::kNone) {
    in.source_keys.push_back(scratch.NewFile(1));
    report.keys_read = ReadKeys(wh, req, r, in.source_keys[0], progress);
  }
  report.merge = table.Apply(in);
  report.sync.written = report.merge.rows;
  report.sync.partition = report.merge.table;
  report.sync.bytes_written = report.merge.table.bytes;
  report.sync.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.sync.end = FormatLocal(Clock::Now());
  return report;
}

namespace {

std::string FormatCaptureReport(const MergeSyncReport& r) {
  std::string dates;
  for (const auto& d : r.applied_dates) dates += (dates.empty() ? "" : ", ") + d;
  return FormatCaptureRun(*r.capture) + "  changes applied  : " +
         (dates.empty() ? std::string("none") : "ds=" + dates) + "\n";
}

}  // namespace

std::string FormatMergeReport(const MergeSyncReport& r) {
  std::string out = FormatSyncReport(r.sync);
  out += fmt::format("  merged           : {} inserted, {} updated, {} deleted, {} unchanged\n",
                     r.merge.inserted, r.merge.updated, r.merge.deleted, r.merge.unchanged);
  out += fmt::format("  table rows       : {}\n", r.merge.rows);
  if (r.keys_read > 0) out += fmt::format("  source keys      : {}\n", r.keys_read);
  if (!r.cursor_from.empty()) out += "  read from cursor : " + r.cursor_from + "\n";
  if (!r.merge.watermark.empty()) out += "  watermark        : " + r.merge.watermark + "\n";
  if (r.capture) out += FormatCaptureReport(r);
  if (!r.merge.changes.table.empty())
    out += fmt::format("  changes          : {} partition {} ({} rows)\n", r.merge.changes.table,
                       r.merge.changes.spec, r.merge.changes.rows);
  return out;
}

}  // namespace strata
