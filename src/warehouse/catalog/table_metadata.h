#pragma once
// A table's definition also lives in a small JSON file inside its folder,
// <warehouse>/<table>/_strata_table.json, so that the catalog can be rebuilt
// from the folders alone (CatalogRebuilder) with what Parquet does not carry:
// the declared types, the partition columns, the lifecycle and the owning
// project. Engines reading the folders skip it (its name starts with `_`).
// The catalog stays the authority while it is whole; this file follows it.

#include <filesystem>
#include <optional>
#include <string>

#include "warehouse/catalog/catalog.h"

namespace strata {

inline constexpr const char* kTableMetadataFile = "_strata_table.json";

std::string SchemaToJson(const Schema& schema);
// Throws strata::Error naming `origin` on text that is not a schema.
Schema SchemaFromJson(const std::string& text, const std::string& origin = "catalog");

// Writes `table` into `table_dir` atomically (a new file renamed in place),
// creating the folder when missing.
void WriteTableMetadata(const std::filesystem::path& table_dir, const TableInfo& table);
// The table `table_dir` describes; nullopt when it has no metadata file.
// Throws strata::Error naming the file when it cannot be read.
std::optional<TableInfo> ReadTableMetadata(const std::filesystem::path& table_dir);

}  // namespace strata
