#pragma once
// The catalog (warehouse/_strata/catalog.db) is the warehouse's memory; if it
// is lost while the table folders remain, every table would seem to vanish
// and the next write would start a new, empty history beside the old files.
// CheckCatalog refuses that state; RebuildCatalog recovers from it by reading
// the folders: each table's _strata_table.json (declared types, partition
// columns, lifecycle, owner) and its Parquet files (rows, files, bytes). A
// table without the metadata file gets its columns from its Parquet schema
// and string partition columns, and the report says what was lost.
// Neither is safe to run while another strata process writes the warehouse.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace strata {

// The folders of `root` that hold tables (not _strata, nothing hidden).
std::vector<std::string> TableFolders(const std::filesystem::path& root);

// Throws strata::Error when the catalog of `root` is missing, empty or
// corrupt while table folders exist, saying what happened and how to recover.
// `read_only`: the warehouse is on a medium nobody writes.
void CheckCatalog(const std::filesystem::path& root, bool read_only);

struct RebuildReport {
  int tables = 0;
  int partitions = 0;
  int64_t rows = 0;
  std::vector<std::string> lost;  // one line per thing the folders could not tell
  std::string kept_as;            // where the damaged catalog was moved, if there was one
};

// Builds a new catalog of `root` from its folders and puts it in place; the
// old catalog file, if any, is kept beside it.
RebuildReport RebuildCatalog(const std::filesystem::path& root);

}  // namespace strata
