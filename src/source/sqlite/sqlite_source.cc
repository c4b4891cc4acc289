#include "source/sqlite/sqlite_source.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/ascii_case.h"
#include "core/error.h"
#include "core/names.h"
#include "core/sqlite/sqlite_db.h"
#include "source/integer_splitter.h"
#include "source/select_text.h"
#include "source/sqlite/sqlite_verify_functions.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

bool Contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

// The SELECT a spec and split stand for.
std::string SelectSql(const ReadSpec& spec, const Split& split) {
  std::string where = WhereClause(ReadFilter(spec, QuoteIdentifier, QuoteLiteral), split.predicate);
  if (!spec.query.empty())
    return where.empty() ? spec.query : "SELECT * FROM " + DerivedTable(spec.query, "q") + where;
  std::string cols;
  for (const auto& c : spec.columns) cols += (cols.empty() ? "" : ", ") + QuoteIdentifier(c);
  return "SELECT " + (cols.empty() ? "*" : cols) + " FROM " +
         QuoteQualifiedName(ParseQualifiedName(spec.table, "table name")) + where;
}

SqliteDb& WithVerifyFunctions(SqliteDb& db) {
  RegisterSqliteVerifyFunctions(db.handle());
  return db;
}

class SqliteSplitReader : public SplitReader {
 public:
  // The verify functions too: verify --repair reads the differing keys with
  // a filter that names them (strata_md5 of a key that is no integer).
  SqliteSplitReader(const fs::path& file, const std::string& sql)
      : db_(file, SqliteDb::Mode::kReadOnly), stmt_(WithVerifyFunctions(db_), sql) {}

  bool Next(ValueSink& sink) override {
    if (!stmt_.Step()) return false;
    sqlite3_stmt* s = stmt_.handle();
    int n = sqlite3_column_count(s);
    for (int i = 0; i < n; ++i) Deliver(s, i, sink);
    return true;
  }

  std::string CurrentRowJson() override {
    nlohmann::json row = nlohmann::json::object();
    sqlite3_stmt* s = stmt_.handle();
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const char* name = sqlite3_column_name(s, i);
      if (sqlite3_column_type(s, i) == SQLITE_NULL)
        row[name] = nullptr;
      else
        row[name] = stmt_.Text(i);
    }
    return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  int64_t BytesRead() const override { return bytes_; }

 private:
  void Deliver(sqlite3_stmt* s, int i, ValueSink& sink) {
    switch (sqlite3_column_type(s, i)) {
      case SQLITE_NULL: sink.Null(i); break;
      case SQLITE_INTEGER:
        bytes_ += 8;
        sink.Int(i, sqlite3_column_int64(s, i));
        break;
      case SQLITE_FLOAT:
        bytes_ += 8;
        sink.Double(i, sqlite3_column_double(s, i));
        break;
      case SQLITE_TEXT: {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
        int len = sqlite3_column_bytes(s, i);
        bytes_ += len;
        sink.Text(i, std::string_view(p, static_cast<size_t>(len)));
        break;
      }
      default: {
        auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
        int len = sqlite3_column_bytes(s, i);
        bytes_ += len;
        sink.Blob(i, std::string_view(p ? p : "", static_cast<size_t>(len)));
      }
    }
  }

  SqliteDb db_;
  SqliteStatement stmt_;
  int64_t bytes_ = 0;
};

}  // namespace

ColumnType SqliteTypeToWarehouse(std::string_view declared) {
  std::string t = AsciiLower(declared);
  if (auto parsed = ParseColumnType(t); parsed && parsed->id == TypeId::kDecimal) return *parsed;
  if (t == "boolean" || t == "bool") return {TypeId::kBoolean};
  if (t == "date") return {TypeId::kDate};
  if (Contains(t, "datetime") || Contains(t, "timestamp")) return {TypeId::kDatetime};
  // SQLite's affinity rules, in its own order.
  if (Contains(t, "int")) return {TypeId::kBigInt};
  if (Contains(t, "char") || Contains(t, "clob") || Contains(t, "text")) return {TypeId::kString};
  if (t.empty() || Contains(t, "blob"))
    return t.empty() ? ColumnType{TypeId::kString} : ColumnType{TypeId::kBinary};
  if (Contains(t, "real") || Contains(t, "floa") || Contains(t, "doub")) return {TypeId::kDouble};
  return {TypeId::kString};
}

SqliteSource::SqliteSource(fs::path file) : file_(std::move(file)) {
  if (!fs::exists(file_)) throw Error("SQLite database " + file_.string() + " does not exist");
}

SourceTable SqliteSource::Describe(const ReadSpec& spec) {
  SqliteDb db(file_, SqliteDb::Mode::kReadOnly);
  SourceTable out;
  if (spec.query.empty()) {
    QualifiedName table = ParseQualifiedName(spec.table, "table name");
    SqliteStatement info(db, "SELECT name, type, pk FROM pragma_table_info(?1, ?2) ORDER BY cid");
    info.Bind(1, table.name);
    info.Bind(2, table.schema.empty() ? "main" : table.schema);
    std::vector<std::pair<int64_t, std::string>> pk;
    while (info.Step()) {
      std::string name = info.Text(0);
      if (info.Int(2) > 0) pk.emplace_back(info.Int(2), name);
      bool wanted = spec.columns.empty() ||
                    std::find(spec.columns.begin(), spec.columns.end(), name) != spec.columns.end();
      if (wanted) out.columns.push_back({name, info.Text(1), SqliteTypeToWarehouse(info.Text(1))});
    }
    if (out.columns.empty() && pk.empty())
      throw Error("table '" + spec.table + "' does not exist in " + file_.string());
    std::sort(pk.begin(), pk.end());
    for (auto& [_, name] : pk) out.primary_key.push_back(name);
    for (const auto& c : spec.columns)
      if (std::none_of(out.columns.begin(), out.columns.end(),
                       [&](auto& sc) { return sc.name == c; }))
        throw Error("table '" + spec.table + "' has no column '" + c + "'");
    if (!spec.columns.empty()) {  // keep the order the node asked for
      std::vector<SourceColumn> ordered;
      for (const auto& c : spec.columns)
        for (const auto& sc : out.columns)
          if (sc.name == c) ordered.push_back(sc);
      out.columns = std::move(ordered);
    }
    return out;
  }
  SqliteStatement q(db, spec.query);
  for (int i = 0; i < q.ColumnCount(); ++i) {
    const char* decl = sqlite3_column_decltype(q.handle(), i);
    out.columns.push_back({sqlite3_column_name(q.handle(), i), decl ? decl : "",
                           SqliteTypeToWarehouse(decl ? decl : "text")});
  }
  return out;
}

std::optional<RowEstimate> SqliteSource::EstimateRows(const ReadSpec& spec) {
  if (!spec.query.empty()) return std::nullopt;
  try {
    SqliteDb db(file_, SqliteDb::Mode::kReadOnly);
    SqliteStatement count(db, "SELECT count(*) FROM (" + SelectSql(spec, Split{}) + ")");
    if (count.Step()) return RowEstimate{count.Int(0), true};
  } catch (const std::exception&) {
    // No total rather than a failed sync: the read itself reports real errors.
  }
  return std::nullopt;
}

std::vector<Split> SqliteSource::PlanSplits(const ReadSpec& spec, int channels) {
  std::string key = spec.split_key;
  if (key.empty() && spec.query.empty()) {
    SourceTable t = Describe(spec);
    if (t.primary_key.size() == 1) key = t.primary_key[0];
  }
  if (channels <= 1 || key.empty()) return {Split{}};
  RequireIdentifier(key, "split_key");
  SqliteDb db(file_, SqliteDb::Mode::kReadOnly);
  ReadSpec bounds = spec;
  std::string qk = QuoteIdentifier(key);
  std::string inner = SelectSql(spec, Split{});
  SqliteStatement s(
      db, "SELECT min(" + qk + "), max(" + qk + "), typeof(min(" + qk + ")) FROM (" + inner + ")");
  if (!s.Step() || s.IsNull(0)) return {Split{}};
  if (s.Text(2) != "integer") throw Error("split_key '" + key + "' is not an integer column");
  return SplitIntegerRange(qk, s.Int(0), s.Int(1), channels);
}

std::unique_ptr<SplitReader> SqliteSource::Open(const ReadSpec& spec, const Split& split) {
  return std::make_unique<SqliteSplitReader>(file_, SelectSql(spec, split));
}

std::string SqliteSource::ReadFromSql(const ReadSpec& spec, const std::string& predicate) {
  std::string where = WhereClause(ReadFilter(spec, QuoteIdentifier, QuoteLiteral), predicate);
  if (!spec.query.empty()) return " FROM " + DerivedTable(spec.query, "q") + where;
  return " FROM " + QuoteQualifiedName(ParseQualifiedName(spec.table, "table name")) + where;
}

TextRows SqliteSource::QueryInSnapshot(const ReadSpec&, const std::string& sql) {
  std::lock_guard<std::mutex> lock(verify_mu_);
  if (!verify_db_) {
    verify_db_ = std::make_unique<SqliteDb>(file_, SqliteDb::Mode::kReadOnly);
    RegisterSqliteVerifyFunctions(verify_db_->handle());
    verify_db_->Exec("BEGIN");  // the snapshot starts at the first read and lasts
  }
  SqliteStatement q(*verify_db_, sql);
  TextRows rows;
  int64_t bytes = 0;
  while (q.Step()) {
    auto& row = rows.emplace_back();
    for (int i = 0; i < q.ColumnCount(); ++i) {
      if (q.IsNull(i)) {
        row.emplace_back();
        continue;
      }
      row.emplace_back(q.Text(i));
      bytes += static_cast<int64_t>(row.back()->size());
    }
  }
  query_bytes_ += bytes;
  return rows;
}

}  // namespace strata
