#pragma once
// CatalogQueries answers the page's Tables view as JSON from the warehouse
// catalog the CLI writes (warehouse/_strata/catalog.db): the tables with
// their partitions (rows, bytes, files, last modified) and lifecycle, a
// table's DDL, and the first rows of one partition (read from its Parquet
// files through DuckDB, the warehouse's engine). Table names and partition
// specs are checked against the catalog before any file is touched. Each
// call opens its own connections: thread-safe.

#include <nlohmann/json.hpp>
#include <string>

#include "schedule/project.h"

namespace strata {

class CatalogQueries {
 public:
  explicit CatalogQueries(const Project& project);

  nlohmann::json Tables();
  // Throws ActionError 404 for an unknown table.
  nlohmann::json Table(const std::string& name);
  // Throws ActionError 404 for an unknown table or partition.
  nlohmann::json Preview(const std::string& table, const std::string& spec, int limit);

 private:
  const Project& project_;
};

}  // namespace strata
