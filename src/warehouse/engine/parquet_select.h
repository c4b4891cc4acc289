#pragma once
// SELECT texts over Parquet files for a known schema: every column cast to
// the warehouse type it stores (Parquet keeps fewer types than the catalog:
// varchar(n) comes back as VARCHAR, and so on), and a typed empty SELECT for
// a table or version that has no files yet.

#include <filesystem>
#include <string>
#include <vector>

#include "core/column_type.h"

namespace strata {

// "CAST(\"a\" AS BIGINT) AS \"a\", ..." for every column of `schema`.
std::string CastList(const Schema& schema);

// "SELECT CAST(NULL AS T) AS c, ... WHERE <where>": the schema, no rows
// (unless `where` says otherwise).
std::string EmptySelect(const Schema& schema, const std::string& where = "false");

// `read` (a read_parquet(..., union_by_name = true)) with the columns of
// `empty` (an EmptySelect) that no file has, as NULL: files written before a
// column was added lack it (warehouse/catalog/schema_evolution.h).
std::string WithMissingColumns(const std::string& read, const std::string& empty);

// The rows of `files` (all with the columns of `schema`, unless `by_name`:
// then by name, NULL where a file lacks a column) as `schema`; an empty
// select when there are no files.
std::string ParquetFilesSelect(const Schema& schema,
                               const std::vector<std::filesystem::path>& files,
                               bool by_name = false);

}  // namespace strata
