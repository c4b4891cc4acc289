#pragma once
// MaxCompute's column DDL over a warehouse table: add columns, change a
// column's type (a widening only, the rules of schema evolution:
// warehouse/catalog/schema_evolution.h) and drop columns. Only the catalog
// and _strata_table.json change, never a Parquet file: the table's view reads
// old files by name, an added column as NULL, a widened one cast to its new
// type, and a dropped one not at all. Each change joins the table's schema
// history (`desc t history`), dated `bizdate` and signed `node`. Bad input throws a one-line
// strata::Error naming the table, the column and the types, and changes
// nothing.

#include <string>

#include "warehouse/sql/statement.h"
#include "warehouse/warehouse.h"

namespace strata {

// Carries out `alter`; returns the one-line message `strata sql` prints.
std::string RunAlterColumns(Warehouse& wh, const sql::AlterColumns& alter,
                            const std::string& bizdate, const std::string& node);

}  // namespace strata
