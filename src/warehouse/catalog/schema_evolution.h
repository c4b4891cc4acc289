#pragma once
// Schema evolution: what a warehouse table does when its source's columns
// change between runs (issue 14). A pure planner: given the table's columns,
// the source's columns now and the source's columns the last run saw, it
// returns the table's new columns and the changes to record, or throws a
// one-line strata::Error naming the table, the column, the old and the new
// type and the choices. It never touches the catalog; Warehouse::EvolveTable
// commits a plan. Old Parquet files are never rewritten: the table's view
// reads every file by name and casts to the current types.

#include <optional>
#include <string>
#include <vector>

#include "core/column_type.h"

namespace strata {

// evolve: add new columns, widen types, keep dropped columns (NULL from now).
// freeze: any difference fails. fail: a new column fails; else as evolve.
enum class SchemaPolicy { kEvolve, kFreeze, kFail };

// "evolve", "freeze", "fail"; nullopt for anything else.
std::optional<SchemaPolicy> ParseSchemaPolicy(const std::string& text);

// One recorded change. `old_type` "" = the column was added; `new_type` "" =
// it was dropped at the source (the column stays, NULL from then on).
struct SchemaChange {
  std::string table, column, old_type, new_type;
  std::string bizdate, node, at;  // at: UTC ISO time it was recorded
};

// True when every value of `from` is a value of `to` (int -> bigint,
// varchar(50) -> varchar(100) or string, decimal(10,2) -> decimal(12,2),
// float -> double, date -> datetime); false for equal types.
bool IsWidening(const ColumnType& from, const ColumnType& to);

struct EvolutionPlan {
  Schema columns;  // the table's data columns once the plan is applied
  std::vector<SchemaChange> changes;
  std::string note;  // a line for the run's output; "" when nothing changed
};

// `table`: the warehouse table's data columns. `source`: the source's columns
// now (lower-case names, warehouse types). `previous`: the source's columns
// as the last run saw them, nullopt when unknown. `fixed`: table columns no
// source fills (a merge table's _op, _ts ...), never seen as dropped.
EvolutionPlan PlanEvolution(const std::string& table_name, const Schema& table,
                            const Schema& source, const std::optional<Schema>& previous,
                            SchemaPolicy policy, const std::vector<std::string>& fixed = {});

}  // namespace strata
