#include "warehouse/engine/duckdb_engine.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/error.h"

namespace strata {
namespace {

// Owns a duckdb_result for the length of one call.
struct ResultGuard {
  duckdb_result result{};
  ~ResultGuard() { duckdb_destroy_result(&result); }
};

// DuckDB's messages add a quoted copy of the SQL line and a caret on lines
// of their own; the statement's place is already in our prefix, so one line.
// A confined engine's refusals also say who confined it and to where.
[[noreturn]] void Fail(const char* msg, const std::string& confined_to = "") {
  std::string text = msg ? msg : "query failed";
  text = text.substr(0, text.find('\n'));
  if (!confined_to.empty() && text.find("disabled by configuration") != std::string::npos)
    text += " (SQL may only use files under " + confined_to +
            ": strata.yaml sets sql.external_access: false)";
  throw Error(text);
}

// The statement's first word, upper-cased, past blanks and comments.
std::string FirstWord(std::string_view sql, size_t* end) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      i = std::min(sql.find('\n', i), sql.size());
    } else if (sql.substr(i, 2) == "/*") {
      size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else {
      break;
    }
  }
  std::string word;
  for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
  *end = i;
  return word;
}

// INSTALL, FORCE INSTALL, LOAD and UPDATE EXTENSIONS would download code or
// run code from disk; autoinstall being off does not stop the explicit forms.
void RefuseExtensionStatements(std::string_view sql) {
  size_t end = 0;
  std::string word = FirstWord(sql, &end);
  if (word == "FORCE" || word == "UPDATE") {
    size_t next = 0;
    std::string second = FirstWord(sql.substr(end), &next);
    if ((word == "FORCE" && second == "INSTALL") || (word == "UPDATE" && second == "EXTENSIONS"))
      word += " " + second;
  }
  if (word == "INSTALL" || word == "LOAD" || word == "FORCE INSTALL" || word == "UPDATE EXTENSIONS")
    throw Error(word +
                " is not allowed: strata never downloads or loads DuckDB extensions at "
                "run time (parquet, json and icu are built in)");
}

void RunOrThrow(duckdb_connection con, std::string_view sql, duckdb_result* result,
                const std::string& confined_to) {
  RefuseExtensionStatements(sql);
  std::string text(sql);
  if (duckdb_query(con, text.c_str(), result) == DuckDBError)
    Fail(duckdb_result_error(result), confined_to);
}

// Whether duckdb_value_varchar renders a value of this type.
bool RendersAsText(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_STRUCT:
    case DUCKDB_TYPE_MAP:
    case DUCKDB_TYPE_ARRAY:
    case DUCKDB_TYPE_UNION:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_TIME_TZ: return false;
    default: return true;
  }
}

// Columns [first, first + count) of every row as text, NULL as nullopt.
std::vector<std::vector<std::optional<std::string>>> ReadText(duckdb_result* result, idx_t first,
                                                              idx_t count) {
  std::vector<std::vector<std::optional<std::string>>> rows(duckdb_row_count(result));
  for (idx_t r = 0; r < rows.size(); ++r) {
    for (idx_t c = first; c < first + count; ++c) {
      if (duckdb_value_is_null(result, c, r)) {
        rows[r].emplace_back(std::nullopt);
        continue;
      }
      char* v = duckdb_value_varchar(result, c, r);
      rows[r].emplace_back(v ? std::string(v) : std::string());
      duckdb_free(v);
    }
  }
  return rows;
}

}  // namespace

std::string DuckTypeName(duckdb_logical_type type) {
  if (char* alias = duckdb_logical_type_get_alias(type)) {
    std::string out = alias;
    duckdb_free(alias);
    return out;
  }
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN: return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT: return "TINYINT";
    case DUCKDB_TYPE_SMALLINT: return "SMALLINT";
    case DUCKDB_TYPE_INTEGER: return "INTEGER";
    case DUCKDB_TYPE_BIGINT: return "BIGINT";
    case DUCKDB_TYPE_HUGEINT: return "HUGEINT";
    case DUCKDB_TYPE_UTINYINT: return "UTINYINT";
    case DUCKDB_TYPE_USMALLINT: return "USMALLINT";
    case DUCKDB_TYPE_UINTEGER: return "UINTEGER";
    case DUCKDB_TYPE_UBIGINT: return "UBIGINT";
    case DUCKDB_TYPE_FLOAT: return "FLOAT";
    case DUCKDB_TYPE_DOUBLE: return "DOUBLE";
    case DUCKDB_TYPE_DECIMAL:
      return "DECIMAL(" + std::to_string(duckdb_decimal_width(type)) + "," +
             std::to_string(duckdb_decimal_scale(type)) + ")";
    case DUCKDB_TYPE_VARCHAR: return "VARCHAR";
    case DUCKDB_TYPE_BLOB: return "BLOB";
    case DUCKDB_TYPE_DATE: return "DATE";
    case DUCKDB_TYPE_TIME: return "TIME";
    case DUCKDB_TYPE_TIMESTAMP: return "TIMESTAMP";
    case DUCKDB_TYPE_TIMESTAMP_TZ: return "TIMESTAMP WITH TIME ZONE";
    case DUCKDB_TYPE_INTERVAL: return "INTERVAL";
    case DUCKDB_TYPE_UUID: return "UUID";
    case DUCKDB_TYPE_LIST: return "LIST";
    case DUCKDB_TYPE_STRUCT: return "STRUCT";
    case DUCKDB_TYPE_MAP: return "MAP";
    case DUCKDB_TYPE_ARRAY: return "ARRAY";
    case DUCKDB_TYPE_UNION: return "UNION";
    default: return "OTHER";
  }
}

DuckEngine::DuckEngine() {
  char* err = nullptr;
  duckdb_config config;
  duckdb_create_config(&config);
  // Nothing is fetched or loaded at run time: parquet, json and icu are built in.
  duckdb_set_config(config, "autoinstall_known_extensions", "false");
  duckdb_set_config(config, "autoload_known_extensions", "false");
  if (duckdb_open_ext(nullptr, &db_, config, &err) == DuckDBError) {
    std::string msg = err ? err : "unknown error";
    duckdb_free(err);
    duckdb_destroy_config(&config);
    throw Error("cannot start DuckDB: " + msg);
  }
  duckdb_destroy_config(&config);
  if (duckdb_connect(db_, &con_) == DuckDBError) {
    duckdb_close(&db_);
    throw Error("cannot connect to DuckDB");
  }
  // timestamp columns are UTC instants: show and compute them in UTC on any
  // machine, whatever its own zone.
  Execute("SET TimeZone = 'UTC'");
}

DuckEngine::~DuckEngine() {
  duckdb_disconnect(&con_);
  duckdb_close(&db_);
}

void DuckEngine::Confine(const std::filesystem::path& root) {
  // The trailing slash keeps a sibling such as warehouse2/ out.
  std::string dir = std::filesystem::absolute(root).lexically_normal().string();
  if (dir.empty() || dir.back() != '/') dir += '/';
  std::string quoted;
  for (char c : dir) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  Execute("SET allowed_directories = ['" + quoted + "']");
  // Once off, DuckDB refuses to turn external access (or the list) back on.
  Execute("SET enable_external_access = false");
  confined_to_ = dir;
}

void DuckEngine::Run(std::string_view sql, duckdb_result* result) {
  if (stop_) stop_->ThrowIfRaised();
  try {
    RunOrThrow(con_, sql, result, confined_to_);
  } catch (const Error&) {
    // An interrupted query fails with DuckDB's "Interrupted!": say who stopped it.
    if (stop_) stop_->ThrowIfRaised();
    throw;
  }
}

void DuckEngine::Interrupt() {
  duckdb_interrupt(con_);
}

void DuckEngine::Execute(std::string_view sql) {
  ResultGuard g;
  Run(sql, &g.result);
}

int64_t DuckEngine::ExecuteCount(std::string_view sql) {
  ResultGuard g;
  Run(sql, &g.result);
  // COPY reports the rows written as its single value.
  if (duckdb_column_count(&g.result) == 1 && duckdb_row_count(&g.result) == 1)
    return duckdb_value_int64(&g.result, 0, 0);
  return static_cast<int64_t>(duckdb_rows_changed(&g.result));
}

QueryResult DuckEngine::Query(std::string_view sql) {
  ResultGuard g;
  Run(sql, &g.result);
  QueryResult out;
  idx_t ncol = duckdb_column_count(&g.result);
  bool all_plain = true;
  for (idx_t c = 0; c < ncol; ++c) {
    out.columns.emplace_back(duckdb_column_name(&g.result, c));
    duckdb_logical_type t = duckdb_column_logical_type(&g.result, c);
    out.types.push_back(DuckTypeName(t));
    all_plain &= RendersAsText(duckdb_get_type_id(t));
    duckdb_destroy_logical_type(&t);
  }
  // The C API renders lists, structs and time-zone types as nothing: a query
  // that returns them runs again with every column cast to text by DuckDB,
  // and once more as DuckDB's JSON for typed output.
  bool rerun = !all_plain && duckdb_result_statement_type(g.result) == DUCKDB_STATEMENT_TYPE_SELECT;
  if (rerun) {
    duckdb_destroy_result(&g.result);
    g.result = {};
    Run("SELECT COLUMNS(*)::VARCHAR, to_json(COLUMNS(*))::VARCHAR FROM (" + std::string(sql) +
            "\n) AS q",
        &g.result);
  }
  out.rows = ReadText(&g.result, 0, ncol);
  if (rerun) out.json_rows = ReadText(&g.result, ncol, ncol);
  out.rows_changed = static_cast<int64_t>(duckdb_rows_changed(&g.result));
  return out;
}

std::vector<std::pair<std::string, std::string>> DuckEngine::DescribeQuery(std::string_view sql) {
  RefuseExtensionStatements(sql);
  duckdb_prepared_statement stmt = nullptr;
  std::string text(sql);
  std::unique_ptr<duckdb_prepared_statement, void (*)(duckdb_prepared_statement*)> guard(
      &stmt, duckdb_destroy_prepare);
  if (duckdb_prepare(con_, text.c_str(), &stmt) == DuckDBError) {
    Fail(duckdb_prepare_error(stmt), confined_to_);
  }
  std::vector<std::pair<std::string, std::string>> cols;
  idx_t n = duckdb_prepared_statement_column_count(stmt);
  for (idx_t i = 0; i < n; ++i) {
    const char* name = duckdb_prepared_statement_column_name(stmt, i);
    duckdb_logical_type t = duckdb_prepared_statement_column_logical_type(stmt, i);
    cols.emplace_back(name ? name : "", DuckTypeName(t));
    duckdb_free(const_cast<char*>(name));
    duckdb_destroy_logical_type(&t);
  }
  return cols;
}

}  // namespace strata
