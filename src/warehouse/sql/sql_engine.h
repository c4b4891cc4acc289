#pragma once
// SqlEngine runs MaxCompute-flavoured SQL scripts against a Warehouse: the
// warehouse DDL and DML (create/drop table, drop partition, desc, show,
// insert overwrite/into) it carries out itself, through the catalog and
// atomic partition commits; every other statement DuckDB runs as written,
// over views of the warehouse tables. Scheduling parameters are already
// substituted in the text it receives. A statement that reads a partition
// while another writer replaces it sees the old or the new version, never an
// error (it is run again when the files it listed were moved away). Not
// thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "warehouse/engine/duckdb_engine.h"
#include "warehouse/sql/statement.h"
#include "warehouse/warehouse.h"

namespace strata {

// What one statement produced: rows to show, or a one-line message.
struct StatementOutcome {
  std::string text;  // the statement as written
  std::optional<QueryResult> result;
  std::string message;  // e.g. "wrote 6 rows to dw_user_inc"
};

class SqlEngine {
 public:
  explicit SqlEngine(Warehouse* warehouse) : wh_(warehouse) {}

  // Who runs the script, for the schema history of an alter table: the
  // business date (yyyymmdd) and the node ("sql" when run by hand).
  void SetRunContext(std::string bizdate, std::string node) {
    bizdate_ = std::move(bizdate);
    node_ = std::move(node);
  }

  // Parses and runs every statement of `script` in order; stops at the first
  // failure, throwing strata::Error prefixed "<origin>:<line>:<col>: ".
  // Statements before the failing one stay done (each commit is atomic).
  // `starting` (optional) is told the 0-based index of each statement, and
  // how many there are, before it runs (for a progress line).
  std::vector<StatementOutcome> RunScript(
      std::string_view script, std::string_view origin,
      const std::function<void(size_t index, size_t count)>& starting = {});

 private:
  // Runs `stmt`, again if a concurrent commit moved the files it was reading.
  StatementOutcome Run(const sql::Statement& stmt);
  StatementOutcome RunOnce(const sql::Statement& stmt);
  StatementOutcome Insert(const sql::InsertSelect& insert);
  QueryResult Describe(const std::string& table);
  QueryResult SchemaHistory(const std::string& table);
  QueryResult ShowPartitions(const std::string& table);
  std::string DropPartitions(const sql::DropPartition& drop);

  Warehouse* wh_;
  std::string bizdate_;
  std::string node_ = "sql";
};

}  // namespace strata
