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
// filled. Throws naming the column that has no partner.
std::vector<int> MapColumns(const SourceTable& src, const Schema& target,
                            const std::string& table_name);

// `name` in lower case (warehouse column names are).
std::string LowerName(std::string name);

}  // namespace strata
