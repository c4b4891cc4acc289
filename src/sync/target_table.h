#pragma once
// How a sync finds the warehouse table it fills: the table as it exists, or
// one created from the source's columns (names lower-cased, types from the
// source's type map), and which target column each source column fills.

#include <string>
#include <vector>

#include "source/source.h"
#include "warehouse/warehouse.h"

namespace strata {

// The table `name`, created from `src`'s columns (then `extra`, then the
// partition columns that `partition` names, as strings) if it does not exist.
TableInfo ResolveTargetTable(Warehouse& wh, const std::string& name, const std::string& partition,
                             const SourceTable& src, const Schema& extra = {});

// For each source column, the index of the column of `target` it fills
// (matched by name, case-insensitively); every column of `target` must be
// filled unless `allow_unfilled` (a column dropped at the source: NULL).
// Throws naming the column that has no partner.
std::vector<int> MapColumns(const SourceTable& src, const Schema& target,
                            const std::string& table_name, bool allow_unfilled = false);

// The source's columns as the warehouse names and types them.
Schema SourceSchemaOf(const SourceTable& src);

// How `target` follows `src` under `policy` (PlanEvolution against the
// source's columns the last run saw); throws on a change the policy refuses.
// `fixed`: table columns no source fills. Changes nothing.
EvolutionPlan PlanTargetEvolution(Warehouse& wh, const TableInfo& target, const SourceTable& src,
                                  SchemaPolicy policy, const std::vector<std::string>& fixed = {});

// Commits `plan` (and the source's columns, for the next run to compare
// with) to the catalog, each change dated `bizdate` and signed `node`. Call
// it once the new data is staged, right before its commit, so that a run
// that fails earlier leaves the table as it was.
void ApplyEvolution(Warehouse& wh, const std::string& table, EvolutionPlan plan,
                    const SourceTable& src, const std::string& bizdate, const std::string& node);

// `name` in lower case (warehouse column names are).
std::string LowerName(std::string name);

}  // namespace strata
