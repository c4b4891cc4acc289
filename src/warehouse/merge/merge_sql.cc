#include "warehouse/merge/merge_sql.h"

#include "core/names.h"

namespace strata {
namespace {

bool IsTime(const ColumnType& t) {
  return t.id == TypeId::kDate || t.id == TypeId::kDatetime || t.id == TypeId::kTimestamp;
}

const Column* FindColumn(const Schema& schema, const std::string& name) {
  for (const auto& c : schema)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

MergeSql::MergeSql(Schema data, MergeOptions options)
    : data_(std::move(data)), options_(std::move(options)) {}

Schema MergeSql::ChangeColumns() {
  return {{"_op", {TypeId::kString}}, {"_ts", {TypeId::kTimestamp}}, {"_pos", {TypeId::kString}}};
}

std::string MergeSql::KeyMatch(const std::string& a, const std::string& b) const {
  std::string out;
  for (const auto& k : options_.key) {
    if (!out.empty()) out += " AND ";
    out += a + "." + QuoteIdentifier(k) + " = " + b + "." + QuoteIdentifier(k);
  }
  return out;
}

// "uid=3, region=eu": how an error names a key.
std::string MergeSql::KeyText(const std::string& alias) const {
  std::string out;
  for (const auto& k : options_.key) {
    if (!out.empty()) out += " || ', ' || ";
    out += QuoteLiteral(k + "=") + " || coalesce(CAST(" + alias + "." + QuoteIdentifier(k) +
           " AS VARCHAR), 'NULL')";
  }
  return out;
}

std::string MergeSql::Live(const std::string& alias) const {
  if (options_.deletes != DeleteMode::kSoft) return "true";
  return "NOT coalesce(" + alias + "." + kDeletedColumn + ", false)";
}

std::string MergeSql::Columns(const std::string& alias) const {
  std::string out;
  for (const auto& c : data_)
    out += (out.empty() ? "" : ", ") + alias + "." + QuoteIdentifier(c.name);
  return out;
}

std::string MergeSql::View(const std::string& name, const std::string& select) {
  return "CREATE OR REPLACE TEMP VIEW " + name + " AS " + select;
}

std::string MergeSql::CopyTo(const std::string& select, const std::filesystem::path& file,
                             FileUse use) {
  // A merge table's version is rewritten whole by every run: zstd level 1
  // costs ~16 % less CPU than the default for ~3 % more bytes. A history
  // table's files are what it costs on disk over the years: the default
  // level keeps its open versions (in key order) ~19 % smaller.
  const char* compression = use == FileUse::kScratch   ? "snappy"
                            : use == FileUse::kVersion ? "zstd, COMPRESSION_LEVEL 1"
                                                       : "zstd";
  return "COPY (" + select + ") TO " + QuoteLiteral(file.string()) +
         " (FORMAT parquet, COMPRESSION " + compression + ")";
}

std::string MergeSql::InBucket(int bucket, int buckets) const {
  return "hash(" + KeyList("") + ") % " + std::to_string(buckets) + " = " + std::to_string(bucket);
}

std::string MergeSql::InSourceKeys(const std::string& alias) const {
  return "EXISTS (SELECT 1 FROM __strata_m_keys s WHERE " + KeyMatch("s", alias) + ")";
}

std::string MergeSql::TopSelect() const {
  // A key the source no longer has (the keys are read after the increment)
  // is a delete, whatever the increment said of it.
  std::string where = options_.deletes == DeleteMode::kNone || options_.deletes_listed
                          ? ""
                          : " WHERE " + InSourceKeys("x");
  if (options_.unique_key) return "SELECT * FROM __strata_m_inc x" + where;
  std::string sql = "SELECT DISTINCT * FROM __strata_m_inc x" + where;
  if (options_.order_by.empty()) return sql;
  std::string keys = KeyList("");
  std::string ord = QuoteIdentifier(options_.order_by);
  return sql + " QUALIFY " + ord + " IS NOT DISTINCT FROM max(" + ord + ") OVER (PARTITION BY " +
         keys + ")";
}

std::string MergeSql::NullKeyQuery() const {
  std::string cond;
  for (const auto& k : options_.key)
    cond += (cond.empty() ? "" : " OR ") + QuoteIdentifier(k) + " IS NULL";
  return "SELECT " + KeyText("i") + " FROM __strata_m_inc i WHERE " + cond + " LIMIT 1";
}

std::string MergeSql::TiedKeyQuery() const {
  std::string keys = KeyList("t");
  std::string ord =
      options_.order_by.empty()
          ? "NULL"
          : "CAST(any_value(t." + QuoteIdentifier(options_.order_by) + ") AS VARCHAR)";
  return "SELECT " + KeyText("t") + ", count(*), " + ord + " FROM __strata_m_top t GROUP BY " +
         keys + " HAVING count(*) > 1 ORDER BY " + keys + " LIMIT 1";
}

std::string MergeSql::GoneKeysSelect() const {
  std::string keys = KeyList("x");
  if (options_.deletes == DeleteMode::kNone)
    return "SELECT " + keys + " FROM __strata_m_base x WHERE false";
  return "SELECT " + keys + " FROM __strata_m_base x WHERE " + Live("x") + " AND " +
         (options_.deletes_listed ? "" : "NOT ") + InSourceKeys("x");
}

// The keys the run upserts or deletes. One EXISTS over both key sets makes
// DuckDB a plain semi- or anti-join; two (ORed or ANDed) cost it a second
// pass or a correlated (delim) join over the whole base.
std::string MergeSql::ChangedKeys() const {
  std::string keys = KeyList("");
  return "(SELECT " + keys + " FROM __strata_m_top UNION ALL SELECT " + keys +
         " FROM __strata_m_gone_keys)";
}

std::string MergeSql::TouchedSelect() const {
  return "SELECT * FROM __strata_m_base x WHERE " + Live("x") + " AND " +
         InRelation(ChangedKeys(), "x");
}

std::string MergeSql::OldSelect() const {
  return "SELECT * FROM __strata_m_touched x WHERE " + InRelation("__strata_m_top", "x");
}

std::string MergeSql::GoneSelect() const {
  return "SELECT * FROM __strata_m_touched x WHERE " + InRelation("__strata_m_gone_keys", "x");
}

std::string MergeSql::InRelation(const std::string& relation, const std::string& alias) const {
  return "EXISTS (SELECT 1 FROM " + relation + " y WHERE " + KeyMatch("y", alias) + ")";
}

std::string MergeSql::TsExpression(const std::string& read_time) const {
  for (const std::string& name : {options_.order_by, options_.cursor}) {
    const Column* c = name.empty() ? nullptr : FindColumn(data_, name);
    if (c && IsTime(c->type)) return "CAST(t." + QuoteIdentifier(name) + " AS TIMESTAMPTZ)";
  }
  return "CAST(" + QuoteLiteral(read_time) + " AS TIMESTAMPTZ)";
}

std::string MergeSql::ChangesSelect(const std::string& read_time) const {
  std::string differs;
  for (const auto& c : data_)
    differs +=
        " OR t." + QuoteIdentifier(c.name) + " IS DISTINCT FROM b." + QuoteIdentifier(c.name);
  std::string first_key = QuoteIdentifier(options_.key.front());
  return "SELECT " + Columns("t") + ", CASE WHEN b." + first_key +
         " IS NULL THEN 'I' ELSE 'U' END AS _op, " + TsExpression(read_time) +
         " AS _ts, CAST(NULL AS VARCHAR) AS _pos FROM __strata_m_top t LEFT JOIN __strata_m_old b "
         "ON " +
         KeyMatch("t", "b") + " WHERE b." + first_key + " IS NULL" + differs +
         " UNION ALL SELECT " + Columns("g") + ", 'D', CAST(" + QuoteLiteral(read_time) +
         " AS TIMESTAMPTZ), CAST(NULL AS VARCHAR) FROM __strata_m_gone g";
}

std::string MergeSql::NewVersionSelect(const std::string& ds) const {
  std::string kept =
      "SELECT * FROM __strata_m_base x WHERE NOT " + InRelation("__strata_m_top", "x");
  if (options_.deletes == DeleteMode::kHard)
    return "SELECT * FROM __strata_m_base x WHERE NOT " + InRelation(ChangedKeys(), "x") +
           " UNION ALL SELECT * FROM __strata_m_top";
  if (options_.deletes == DeleteMode::kNone)
    return kept + " UNION ALL SELECT * FROM __strata_m_top";
  // Soft: a gone row stays, marked; a key the increment brings back lives again.
  std::string gone = InRelation("__strata_m_gone_keys", "x");
  std::string del = std::string(kDeletedColumn), del_ds = std::string(kDeletedDsColumn);
  // Named: the caller selects the version's columns by name.
  return "SELECT " + Columns("x") + ", CASE WHEN " + gone + " THEN true ELSE x." + del +
         " END AS " + del + ", CASE WHEN " + gone + " THEN " + QuoteLiteral(ds) + " ELSE x." +
         del_ds + " END AS " + del_ds + " FROM (" + kept + ") x UNION ALL SELECT " + Columns("t") +
         ", false, CAST(NULL AS VARCHAR) FROM __strata_m_top t";
}

std::string MergeSql::KeyList(const std::string& alias) const {
  std::string keys;
  for (const auto& k : options_.key)
    keys += (keys.empty() ? "" : ", ") + (alias.empty() ? "" : alias + ".") + QuoteIdentifier(k);
  return keys;
}

// "cols, start, end, op": a history row from the columns of `alias`.
std::string MergeSql::HistoryRow(const std::string& alias, const std::string& start,
                                 const std::string& end, const std::string& op) const {
  return Columns(alias) + ", " + start + " AS " + QuoteIdentifier(kStartDsColumn) + ", " + end +
         " AS " + QuoteIdentifier(kEndDsColumn) + ", " + op + " AS " + QuoteIdentifier(kOpColumn);
}

std::string MergeSql::VersionedChangesSelect() const {
  std::string differs;
  for (const auto& c : options_.track)
    differs += " OR c." + QuoteIdentifier(c) + " IS DISTINCT FROM o." + QuoteIdentifier(c);
  // Without `track` every column is tracked: any change is a new version.
  if (options_.track.empty()) differs = " OR true";
  return "SELECT c.*, (c._op <> 'U'" + differs +
         ") AS _new FROM __strata_m_changes c LEFT JOIN __strata_m_old o ON " + KeyMatch("c", "o");
}

std::string MergeSql::OpenAfterSelect(const std::string& ds) const {
  std::string open = QuoteLiteral(kOpenEndDs), start = QuoteIdentifier(kStartDsColumn),
              op = QuoteIdentifier(kOpColumn);
  // A left join to the changed keys (few) finds the versions that stay; an
  // EXISTS here made DuckDB hash every version's key instead.
  return "SELECT " + HistoryRow("x", "x." + start, open, "x." + op) +
         " FROM __strata_m_hist x LEFT JOIN (SELECT DISTINCT " + KeyList("") +
         " FROM __strata_m_changes) k ON " + KeyMatch("x", "k") + " WHERE x." +
         QuoteIdentifier(kEndDsColumn) + " = " + open + " AND k." +
         QuoteIdentifier(options_.key.front()) + " IS NULL UNION ALL SELECT " +
         HistoryRow("c", "o." + start, open, "o." + op) +
         " FROM __strata_m_vchanges c JOIN __strata_m_old o ON " + KeyMatch("c", "o") +
         " WHERE NOT c._new UNION ALL SELECT " + HistoryRow("c", QuoteLiteral(ds), open, "c._op") +
         " FROM __strata_m_vchanges c WHERE c._new AND c._op <> 'D'";
}

std::string MergeSql::ClosedAfterSelect(const std::string& ds) const {
  std::string start = QuoteIdentifier(kStartDsColumn), end = QuoteIdentifier(kEndDsColumn),
              op = QuoteIdentifier(kOpColumn);
  return "SELECT " + HistoryRow("x", "x." + start, "x." + end, "x." + op) +
         " FROM __strata_m_hist x WHERE x." + end + " <> " + QuoteLiteral(kOpenEndDs) +
         " UNION ALL SELECT " + HistoryRow("t", "t." + start, QuoteLiteral(ds), "t." + op) +
         " FROM __strata_m_touched t WHERE EXISTS (SELECT 1 FROM __strata_m_vchanges c WHERE "
         "c._new "
         "AND " +
         KeyMatch("c", "t") + ")";
}

std::string MergeSql::RewoundHistory(const std::string& select, const std::string& from) const {
  std::string start = QuoteIdentifier(kStartDsColumn), end = QuoteIdentifier(kEndDsColumn);
  if (from.empty()) return "SELECT * FROM (" + select + ") WHERE true";
  std::string d = QuoteLiteral(from);
  return "SELECT " + Columns("h") + ", h." + start + ", CASE WHEN h." + end + " >= " + d +
         " THEN " + QuoteLiteral(kOpenEndDs) + " ELSE h." + end + " END AS " + end + ", h." +
         QuoteIdentifier(kOpColumn) + " FROM (" + select + ") h WHERE h." + start + " < " + d;
}

std::string MergeSql::OpenVersionsSelect() const {
  return "SELECT " + Columns("x") + ", x." + QuoteIdentifier(kStartDsColumn) + ", x." +
         QuoteIdentifier(kOpColumn) + " FROM __strata_m_hist x WHERE x." +
         QuoteIdentifier(kEndDsColumn) + " = " + QuoteLiteral(kOpenEndDs);
}

std::string MergeSql::WatermarkQuery() const {
  return "SELECT CAST(max(" + QuoteIdentifier(options_.cursor) +
         ") AS VARCHAR) FROM __strata_m_inc";
}

std::string MergeSql::Cleanup() {
  std::string out;
  for (const char* v : {"hist", "base", "keys", "inc", "top", "gone_keys", "touched", "old", "gone",
                        "changes", "vchanges"})
    out += std::string("DROP VIEW IF EXISTS __strata_m_") + v + "; ";
  return out;
}

}  // namespace strata
