#pragma once
// DuckEngine owns an in-memory DuckDB database and one connection to it; it is
// the only place strata talks to DuckDB's C API for queries. The warehouse's
// tables are views over Parquet files (see SqlEngine); DuckDB itself keeps no
// data between strata commands. Move-only; not thread-safe (DuckDB runs its
// own worker threads inside a query).
//
// Nothing is ever fetched or loaded at run time: extension downloads and
// autoloading are off, and parquet, json and icu are built in, so INSTALL or
// LOAD of any other extension fails at once. SQL may read and write any file
// the process can, until Confine() limits it to one folder for good.

#include <duckdb.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/stop_signal.h"

namespace strata {

// A fully materialized query result, every value rendered as text (NULL as
// nullopt). Meant for results a person reads: small ones.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::string> types;  // DuckDB type names, e.g. "BIGINT", "DECIMAL(12,2)"
  std::vector<std::vector<std::optional<std::string>>> rows;
  // The same values as DuckDB's to_json() text; filled only when a column is
  // a list, struct, map, array, union or time-zone type (for typed JSON).
  std::vector<std::vector<std::optional<std::string>>> json_rows;
  int64_t rows_changed = 0;
};

class DuckEngine {
 public:
  DuckEngine();
  ~DuckEngine();
  DuckEngine(const DuckEngine&) = delete;
  DuckEngine& operator=(const DuckEngine&) = delete;

  // From now on SQL reads and writes files only under `root` (DuckDB's
  // allowed_directories with enable_external_access off); it cannot be undone,
  // by SQL either. Errors then say the project confines SQL.
  void Confine(const std::filesystem::path& root);

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

  // Every later statement first checks `stop` (not owned; null for none) and
  // fails with its reason once it is raised; a statement DuckDB interrupted
  // fails with that reason too.
  void SetStopSignal(const StopSignal* stop) { stop_ = stop; }
  // Makes the statement running now fail soon (thread-safe: for another
  // thread to call while this one waits for DuckDB). A statement that starts
  // later is not affected: raise the stop signal first.
  void Interrupt();

 private:
  void Run(std::string_view sql, duckdb_result* result);

  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
  std::string confined_to_;  // the folder Confine() allowed; empty = not confined
  const StopSignal* stop_ = nullptr;
};

// Spells a DuckDB logical type, e.g. "DECIMAL(12,2)".
std::string DuckTypeName(duckdb_logical_type type);

}  // namespace strata
