#include "sync/merge_sync.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ticker.h"
#include "sync/dirty_log.h"
#include "sync/split_producer.h"
#include "sync/target_table.h"
#include "warehouse/catalog/catalog.h"

namespace strata {
namespace {

std::vector<std::string> KeyOf(const MergeSyncRequest& req, const SourceTable& src) {
  if (!req.options.key.empty()) return req.options.key;
  std::vector<std::string> key;
  for (const auto& k : src.primary_key) key.push_back(LowerName(k));
  if (key.empty())
    throw Error("source " +
                (req.sync.read.table.empty() ? "query" : "table '" + req.sync.read.table + "'") +
                " has no primary key; set target.key for the merge");
  return key;
}

const SourceColumn* SourceColumnNamed(const SourceTable& src, const std::string& name) {
  for (const auto& c : src.columns)
    if (LowerName(c.name) == name) return &c;
  return nullptr;
}

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

// Reads `read` into `file` as the columns `target` (a subset of the table's),
// with a live progress line when `progress` is set.
int64_t ReadInto(Warehouse& wh, Source& source, const ReadSpec& read, int channels,
                 const Schema& target, const std::string& table, DirtyLog& dirty,
                 const std::filesystem::path& file, int64_t* bytes,
                 const std::function<void(const SyncProgress&)>& progress) {
  SourceTable src = source.Describe(read);
  std::vector<int> target_of = MapColumns(src, target, table, true);  // evolution checked it
  std::optional<RowEstimate> total = progress ? source.EstimateRows(read) : std::nullopt;
  SplitProducer producer(&source, read, source.PlanSplits(read, channels), std::max(1, channels),
                         &target, std::move(target_of), &dirty);
  Ticker ticker(ProgressTick(progress, producer, dirty, total));
  WriteParquet(wh.engine(), target, producer, file);
  if (bytes) *bytes = producer.bytes_read();
  return producer.rows_read();
}

std::string UtcNowText() {
  std::string iso = UtcNowIso();  // 2016-11-15T00:00:00Z
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

// What a run reads: the source, its columns, the merge's settings resolved
// against them (key, target table), and the scratch folder for its files.
struct MergeRead {
  std::unique_ptr<Source> source;
  SourceTable src;
  MergeOptions options;
  TableInfo target;
  Schema data;       // the target's columns less the soft delete columns
  std::string note;  // the schema changes this run made
};

// A merge table follows its source's schema as a partitioned table does
// (target_table.h), its soft delete columns staying last. Unlike there, the
// catalog changes before the merge runs: the merge reads the table's columns
// from it. A run failing after this leaves the new columns, NULL throughout.
void EvolveMergeTable(Warehouse& wh, const SyncRequest& s, MergeRead& r, const Schema& extra) {
  std::vector<std::string> fixed;
  for (const auto& c : extra) fixed.push_back(c.name);
  // Another kind's columns (a history table's, soft deletes') are no drop at
  // the source: the table is of another kind, which the strict mapping says.
  MergeOptions history, soft;
  history.history = true;
  soft.deletes = DeleteMode::kSoft;
  for (const auto& kind : {TrailingColumns(history), TrailingColumns(soft)})
    for (const auto& c : kind)
      if (std::find(fixed.begin(), fixed.end(), c.name) == fixed.end() &&
          std::any_of(r.target.columns.begin(), r.target.columns.end(),
                      [&](const Column& t) { return t.name == c.name; })) {
        MapColumns(r.src, r.target.columns, r.target.name);  // throws, naming the column
        return;
      }
  EvolutionPlan plan = PlanTargetEvolution(wh, r.target, r.src, s.schema, fixed);
  std::stable_partition(plan.columns.begin(), plan.columns.end(), [&](const Column& c) {
    return std::find(fixed.begin(), fixed.end(), c.name) == fixed.end();
  });
  r.note = plan.note;
  ApplyEvolution(wh, r.target.name, plan, r.src, s.bizdate, s.node);
  r.target = wh.RequireTable(r.target.name);
}

MergeRead Resolve(Warehouse& wh, const MergeSyncRequest& req) {
  const SyncRequest& s = req.sync;
  RequireIdentifier(s.target_table, "target table");
  if (req.options.deletes != DeleteMode::kNone && !s.read.query.empty())
    throw Error("deletes need a source table: the keys of a query cannot be listed");
  MergeRead r;
  r.source = OpenSource(s.connection);
  r.src = r.source->Describe(s.read);
  r.options = req.options;
  r.options.key = KeyOf(req, r.src);
  for (const auto& k : r.options.key)
    if (!SourceColumnNamed(r.src, k))
      throw Error("key column '" + k + "' is not a column of the source");
  // A table's primary key holds each value once in any one read.
  std::vector<std::string> pk;
  for (const auto& k : r.src.primary_key) pk.push_back(LowerName(k));
  std::vector<std::string> key = r.options.key;
  std::sort(pk.begin(), pk.end());
  std::sort(key.begin(), key.end());
  r.options.unique_key = s.read.query.empty() && !pk.empty() && key == pk;
  Schema extra = TrailingColumns(r.options);
  r.target = ResolveTargetTable(wh, s.target_table, "", r.src, extra);
  EvolveMergeTable(wh, s, r, extra);
  r.data = r.target.columns;
  r.data.resize(r.data.size() - extra.size());
  return r;
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
  return ReadInto(wh, *r.source, keys, s.channels, schema, r.target.name, dirty, file, nullptr,
                  progress);
}

}  // namespace

MergeSyncReport RunMergeSync(Warehouse& wh, const MergeSyncRequest& req,
                             const std::function<void(const SyncProgress&)>& progress) {
  auto t0 = std::chrono::steady_clock::now();
  const SyncRequest& s = req.sync;
  MergeSyncReport report;
  report.sync.start = FormatLocal(Clock::Now());
  MergeRead r = Resolve(wh, req);
  MergeTable table(wh, r.target.name, r.options);
  ReadSpec read = IncrementRead(wh.engine(), req, r, table.BaseFor(s.bizdate), &report.cursor_from);

  // The files the merge reads, in a staging folder of their own that goes at the end.
  StagedPartition scratch = wh.store().Stage(r.target.name, "", CommitMode::kOverwrite);
  struct Discard {
    PartitionStore& store;
    const StagedPartition& s;
    ~Discard() { store.Abandon(s); }
  } discard{wh.store(), scratch};

  MergeInput in{s.bizdate, {scratch.NewFile(0)}, {}, UtcNowText(), scratch.dir};
  auto dirty_file = wh.DirtyDir() / s.node / (s.bizdate + ".jsonl");
  DirtyLog dirty(dirty_file, s.max_dirty_records);
  report.sync.schema_note = r.note;
  report.sync.read = ReadInto(wh, *r.source, read, s.channels, r.data, r.target.name, dirty,
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

std::string FormatMergeReport(const MergeSyncReport& r) {
  std::string out = FormatSyncReport(r.sync);
  out += fmt::format("  merged           : {} inserted, {} updated, {} deleted, {} unchanged\n",
                     r.merge.inserted, r.merge.updated, r.merge.deleted, r.merge.unchanged);
  out += fmt::format("  table rows       : {}\n", r.merge.rows);
  if (r.keys_read > 0) out += fmt::format("  source keys      : {}\n", r.keys_read);
  if (!r.cursor_from.empty()) out += "  read from cursor : " + r.cursor_from + "\n";
  if (!r.merge.watermark.empty()) out += "  watermark        : " + r.merge.watermark + "\n";
  if (!r.merge.changes.table.empty())
    out += fmt::format("  changes          : {} partition {} ({} rows)\n", r.merge.changes.table,
                       r.merge.changes.spec, r.merge.changes.rows);
  return out;
}

}  // namespace strata
