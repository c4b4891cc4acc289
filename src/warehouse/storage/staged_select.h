#pragma once
// SELECT texts over a staged partition (PartitionStore::Stage): its rows as
// the table will have them once published, partition columns included
// (published, they come from the folder names; staged, the folder is a
// commit id, so they are constants here). Used by what must read a write
// before it is published: quality rules, and a SQL script's later statements
// while its writes are held (Warehouse::HoldCommits).

#include <filesystem>
#include <string>
#include <vector>

#include "warehouse/catalog/catalog.h"
#include "warehouse/storage/partition_store.h"

namespace strata {

// The Parquet files a staged partition holds, sorted.
std::vector<std::filesystem::path> StagedFiles(const StagedPartition& staged);

// The staged rows as `table`'s columns, then its partition columns (the
// values `staged.spec` names), in the order of the table's view.
std::string StagedSelect(const TableInfo& table, const StagedPartition& staged);

}  // namespace strata
