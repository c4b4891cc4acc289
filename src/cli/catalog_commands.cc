// strata tables / strata partitions: what the catalog holds; strata catalog
// rebuild: a catalog from the folders when it was lost.

#include <iostream>

#include "cli/commands.h"
#include "cli/result_printer.h"
#include "schedule/project.h"
#include "warehouse/repair/catalog_rebuilder.h"
#include "warehouse/warehouse.h"

namespace strata::cli {
namespace {

QueryResult Texts(std::vector<std::string> columns, std::vector<std::string> types) {
  QueryResult r;
  r.columns = std::move(columns);
  r.types = std::move(types);
  return r;
}

}  // namespace

int TablesCommand(const std::filesystem::path& dir, const std::string& format) {
  Project project = LoadProject(dir);
  Warehouse wh(project.warehouse, {project.name});
  QueryResult r =
      Texts({"table", "partitioned_by", "lifecycle", "partitions", "rows", "bytes", "files",
             "last_modified"},
            {"VARCHAR", "VARCHAR", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "VARCHAR"});
  for (const auto& t : wh.catalog().ListTables()) {
    int64_t rows = 0, bytes = 0, files = 0;
    std::string modified;
    auto parts = wh.catalog().ListPartitions(t.name);
    for (const auto& p : parts) {
      rows += p.rows;
      bytes += p.bytes;
      files += p.files;
      modified = std::max(modified, p.modified_at);
    }
    std::string by;
    for (const auto& c : t.partition_columns) by += (by.empty() ? "" : ",") + c.name;
    // strata.yaml's `lifecycle:` overrides the DDL's, as ReclaimExpired applies it.
    auto override_it = project.lifecycles.find(t.name);
    std::optional<int> lifecycle = override_it != project.lifecycles.end()
                                       ? std::optional<int>(override_it->second)
                                       : t.lifecycle;
    r.rows.push_back(
        {t.name, by, lifecycle ? std::optional(std::to_string(*lifecycle)) : std::nullopt,
         std::to_string(parts.size()), std::to_string(rows), std::to_string(bytes),
         std::to_string(files), modified.empty() ? std::nullopt : std::optional(modified)});
  }
  PrintResult(r, PrintOptions{format, std::nullopt, false}, std::cout);
  return 0;
}

int PartitionsCommand(const std::filesystem::path& dir, const std::string& table,
                      const std::string& format) {
  Project project = LoadProject(dir);
  Warehouse wh(project.warehouse, {project.name});
  wh.RequireTable(table);
  QueryResult r = Texts({"partition", "rows", "bytes", "files", "last_modified"},
                        {"VARCHAR", "BIGINT", "BIGINT", "BIGINT", "VARCHAR"});
  for (const auto& p : wh.catalog().ListPartitions(table))
    r.rows.push_back({p.spec.empty() ? "(whole table)" : p.spec, std::to_string(p.rows),
                      std::to_string(p.bytes), std::to_string(p.files), p.modified_at});
  PrintResult(r, PrintOptions{format, std::nullopt, false}, std::cout);
  return 0;
}

int CatalogRebuildCommand(const std::filesystem::path& dir) {
  Project project = LoadProject(dir);
  RebuildReport r = RebuildCatalog(project.warehouse);
  std::cout << "rebuilt the catalog of " << project.warehouse.string() << ": " << r.tables
            << " tables, " << r.partitions << " partitions, " << r.rows << " rows\n";
  for (const auto& line : r.lost) std::cout << "lost: " << line << "\n";
  if (!r.kept_as.empty()) std::cout << "the old catalog is kept as " << r.kept_as << "\n";
  return 0;
}

}  // namespace strata::cli
