#include "sync/merge_sync.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/names.h"
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

std::string QuoteSourceName(const std::string& url, const std::string& name) {
  if (url.rfind("mysql", 0) == 0) return "`" + name + "`";
  return "\"" + name + "\"";
}

// The cursor's lower bound as a SQL literal of the source, computed by
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
    if (type.IsText() && lookback == 0) return QuoteLiteral(watermark);
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
  std::string v = *r.rows[0][0];
  return type.IsInteger() ? v : QuoteLiteral(v);
}

// Reads `read` into `file` as the columns `target` (a subset of the table's).
int64_t ReadInto(Warehouse& wh, Source& source, const ReadSpec& read, int channels,
                 const Schema& target, const std::string& table, DirtyLog& dirty,
                 const std::filesystem::path& file, int64_t* bytes) {
  SourceTable src = source.Describe(read);
  std::vector<int> target_of = MapColumns(src, target, table);
  SplitProducer producer(&source, read, source.PlanSplits(read, channels), std::max(1, channels),
                         &target, std::move(target_of), &dirty);
  WriteParquet(wh.engine(), target, producer, file);
  if (bytes) *bytes = producer.bytes_read();
  return producer.rows_read();
}

std::string UtcNowText() {
  std::string iso = UtcNowIso();  // 2016-11-15T00:00:00Z
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

}  // namespace

MergeSyncReport RunMergeSync(Warehouse& wh, const MergeSyncRequest& req,
                             const std::function<void(const SyncProgress&)>& /*progress*/) {
  auto t0 = std::chrono::steady_clock::now();
  MergeSyncReport report;
  const SyncRequest& s = req.sync;
  report.sync.start = UtcNowText();
  RequireIdentifier(s.target_table, "target table");
  if (req.options.deletes != DeleteMode::kNone && !s.read.query.empty())
    throw Error("deletes need a source table: the keys of a query cannot be listed");
  auto source = OpenSource(s.connection);
  SourceTable src = source->Describe(s.read);
  MergeOptions options = req.options;
  options.key = KeyOf(req, src);
  for (const auto& k : options.key)
    if (!SourceColumnNamed(src, k))
      throw Error("key column '" + k + "' is not a column of the source");
  Schema extra;
  if (options.deletes == DeleteMode::kSoft)
    extra = {{kDeletedColumn, {TypeId::kBoolean}}, {kDeletedDsColumn, {TypeId::kString}}};
  TableInfo target = ResolveTargetTable(wh, s.target_table, "", src, extra);
  MergeTable table(wh, target.name, options);
  const MergeVersion& base = table.BaseFor(s.bizdate);

  ReadSpec read = s.read;
  if (!options.cursor.empty() && !base.watermark.empty()) {
    const SourceColumn* c = SourceColumnNamed(src, options.cursor);
    if (!c) throw Error("cursor column '" + options.cursor + "' is not a column of the source");
    report.cursor_from = CursorFrom(wh.engine(), c->warehouse_type, base.watermark, req.lookback);
    std::string pred = QuoteSourceName(s.connection.url, c->name) + " >= " + report.cursor_from;
    read.where = read.where.empty() ? pred : "(" + read.where + "\n) AND " + pred;
  }
  Schema data = target.columns;
  data.resize(data.size() - extra.size());

  StagedPartition scratch = wh.store().Stage(target.name, "", CommitMode::kOverwrite);
  struct Discard {
    PartitionStore& store;
    const StagedPartition& s;
    ~Discard() { store.Abandon(s); }
  } discard{wh.store(), scratch};

  MergeInput in;
  in.ds = s.bizdate;
  in.read_time = UtcNowText();
  auto dirty_file = wh.DirtyDir() / s.node / (s.bizdate + ".jsonl");
  DirtyLog dirty(dirty_file, s.max_dirty_records);
  in.increment.push_back(scratch.NewFile(0));
  report.sync.read = ReadInto(wh, *source, read, s.channels, data, target.name, dirty,
                              in.increment[0], &report.sync.bytes_read);
  report.sync.dirty = dirty.count();
  if (report.sync.dirty > 0) report.sync.dirty_file = dirty_file.string();
  if (s.max_dirty_percent && report.sync.read > 0 &&
      100.0 * static_cast<double>(report.sync.dirty) / static_cast<double>(report.sync.read) >
          *s.max_dirty_percent)
    throw Error(fmt::format("{} of {} records are dirty, over error_limit.percent = {}; see {}",
                            report.sync.dirty, report.sync.read, *s.max_dirty_percent,
                            dirty_file.string()));
  if (options.deletes != DeleteMode::kNone) {
    ReadSpec keys = s.read;
    keys.where.clear();
    keys.columns.clear();
    for (const auto& k : options.key) keys.columns.push_back(SourceColumnNamed(src, k)->name);
    Schema key_schema;
    for (const auto& k : options.key)
      for (const auto& c : data)
        if (c.name == k) key_schema.push_back(c);
    DirtyLog key_dirty(wh.DirtyDir() / s.node / (s.bizdate + ".keys.jsonl"), 0);
    in.source_keys.push_back(scratch.NewFile(1));
    report.keys_read = ReadInto(wh, *source, keys, s.channels, key_schema, target.name, key_dirty,
                                in.source_keys[0], nullptr);
  }
  report.merge = table.Apply(in);
  report.sync.written = report.merge.rows;
  report.sync.partition = report.merge.table;
  report.sync.bytes_written = report.merge.table.bytes;
  report.sync.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.sync.end = UtcNowText();
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
