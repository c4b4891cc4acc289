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

// The rows of `files` (all with the columns of `schema`) as `schema`; an
// empty select when there are no files.
std::string ParquetFilesSelect(const Schema& schema,
                               const std::vector<std::filesystem::path>& files);

}  // namespace strata
