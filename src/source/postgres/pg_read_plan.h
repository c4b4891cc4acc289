#pragma once
// PgReadPlan is what one sync node reads from PostgreSQL, resolved against
// the catalog: the relation (or the node's query), the columns in read order
// with their type mappings, the primary key and the node's filter. Built once
// per node by DescribePgRead inside the source's snapshot transaction (which
// locks the table first); afterwards an immutable value, safe to share
// between threads. The Pg*Sql functions render the statements that read it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/postgres/pg_snapshot.h"
#include "source/postgres/pg_type_map.h"
#include "source/source.h"

namespace strata {

struct PgReadPlan {
  std::string table_sql;                // "\"public\".\"orders\"" for a table; "" for a query
  std::string table_name;               // "public.orders", for messages
  char relkind = 0;                     // pg_class.relkind of the table
  double reltuples = -1;                // the planner's row estimate, -1 if never analysed
  std::string query;                    // the node's query, trailing ';' removed
  std::string where;                    // the node's filter, as written
  std::vector<PgColumn> columns;        // read, in order
  std::vector<PgColumn> table_columns;  // every column of the table (split key candidates)
  std::vector<std::string> primary_key;
};

// Describes `spec` through `snapshot`'s planning connection: locks the table
// (ACCESS SHARE), exports the snapshot, reads the catalog. Throws
// strata::Error for a missing table or column, or a query it cannot describe.
PgReadPlan DescribePgRead(PgSnapshot& snapshot, const ReadSpec& spec);

// The FROM clause target: the table, or "(query) AS q".
std::string PgFromSql(const PgReadPlan& plan);
// " WHERE (filter) AND (predicate)", either part optional; "" for neither.
std::string PgWhereSql(const PgReadPlan& plan, const std::string& predicate);
// SELECT ... FROM ... WHERE ...: the rows a split reads.
std::string PgSelectSql(const PgReadPlan& plan, const std::string& predicate);
// COPY (PgSelectSql) TO STDOUT (FORMAT binary).
std::string PgCopySql(const PgReadPlan& plan, const std::string& predicate);

// The planner's estimate of the rows the whole read delivers: the rows= of
// EXPLAIN's top node, else (a whole table) pg_class.reltuples once analysed.
// Runs inside a savepoint on `conn`, the planning connection, so a failing
// EXPLAIN leaves its snapshot transaction usable. nullopt when neither says.
std::optional<int64_t> EstimatePgRows(PgConnection& conn, const PgReadPlan& plan);

// The column of the table named `name`: an exact match, else the only one
// equal ignoring case (PostgreSQL folds unquoted names to lower case).
const PgColumn* FindPgColumn(const std::vector<PgColumn>& columns, const std::string& name);

}  // namespace strata
