#pragma once
// DuckEngine owns an in-memory DuckDB database and one connection to it; it is
// the only place strata talks to DuckDB's C API for queries. The warehouse's
// tables are views over Parquet files (see SqlEngine); DuckDB itself keeps no
// data between strata commands. Move-only; not thread-safe (DuckDB runs its
// own worker threads inside a query).

#include <duckdb.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// A fully materialized query result, every value rendered as text (NULL as
// nullopt). Meant for results a person reads: small ones.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::string> types;  // DuckDB type names, e.g. "BIGINT", "DECIMAL(12,2)"
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t rows_changed = 0;
};

class DuckEngine {
 public:
  DuckEngine();
  ~DuckEngine();
  DuckEngine(const DuckEngine&) = delete;
  DuckEngine& operator=(const DuckEngine&) = delete;

  // Runs SQL that returns nothing of interest; throws strata::Error with
  // DuckDB's message.
  void Execute(std::string_view sql);
  // Runs SQL and returns its whole result as text.
  QueryResult Query(std::string_view sql);
  // Returns the number of rows a statement changed or wrote (COPY, INSERT).
  int64_t ExecuteCount(std::string_view sql);
  // The result columns of a query, without running it.
  std::vector<std::pair<std::string, std::string>> DescribeQuery(std::string_view sql);

  duckdb_connection connection() const { return con_; }

 private:
  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
};

// Spells a DuckDB logical type, e.g. "DECIMAL(12,2)".
std::string DuckTypeName(duckdb_logical_type type);

}  // namespace strata
