#include "server/catalog_queries.h"

#include "server/action_service.h"
#include "warehouse/warehouse.h"

namespace strata {
namespace {

using json = nlohmann::json;

std::string Ddl(const TableInfo& t) {
  std::string ddl = "CREATE TABLE " + t.name + " (";
  for (size_t i = 0; i < t.columns.size(); ++i)
    ddl += std::string(i ? "," : "") + "\n  " + t.columns[i].name + " " +
           t.columns[i].type.ToMaxCompute();
  ddl += "\n)";
  if (!t.partition_columns.empty()) {
    ddl += "\nPARTITIONED BY (";
    for (size_t i = 0; i < t.partition_columns.size(); ++i)
      ddl += std::string(i ? ", " : "") + t.partition_columns[i].name + " " +
             t.partition_columns[i].type.ToMaxCompute();
    ddl += ")";
  }
  if (t.lifecycle) ddl += "\nLIFECYCLE " + std::to_string(*t.lifecycle);
  return ddl + ";";
}

json PartitionJson(const PartitionInfo& p) {
  return {{"spec", p.spec},
          {"rows", p.rows},
          {"bytes", p.bytes},
          {"files", p.files},
          {"modified", p.modified_at}};
}

}  // namespace

CatalogQueries::CatalogQueries(const Project& project) : project_(project) {}

json CatalogQueries::Tables() {
  json out = json::array();
  if (!std::filesystem::exists(project_.warehouse / "_strata" / "catalog.db")) return out;
  Catalog catalog(project_.warehouse / "_strata" / "catalog.db");
  for (const auto& t : catalog.ListTables()) {
    int64_t rows = 0, bytes = 0;
    std::string modified;
    auto parts = catalog.ListPartitions(t.name);
    for (const auto& p : parts) {
      rows += p.rows;
      bytes += p.bytes;
      modified = std::max(modified, p.modified_at);
    }
    out.push_back({{"name", t.name},
                   {"partitions", parts.size()},
                   {"rows", rows},
                   {"bytes", bytes},
                   {"modified", modified},
                   {"lifecycle", t.lifecycle ? json(*t.lifecycle) : json(nullptr)}});
  }
  return out;
}

json CatalogQueries::Table(const std::string& name) {
  Catalog catalog(project_.warehouse / "_strata" / "catalog.db");
  auto t = catalog.FindTable(name);
  if (!t) throw ActionError(404, "unknown table '" + name + "'");
  json parts = json::array();
  for (const auto& p : catalog.ListPartitions(name)) parts.push_back(PartitionJson(p));
  return {{"name", t->name},
          {"ddl", Ddl(*t)},
          {"lifecycle", t->lifecycle ? json(*t->lifecycle) : json(nullptr)},
          {"created", t->created_at},
          {"partitions", parts}};
}

json CatalogQueries::Preview(const std::string& table, const std::string& spec, int limit) {
  Warehouse wh(project_.warehouse, {project_.name});
  if (!wh.catalog().FindTable(table)) throw ActionError(404, "unknown table '" + table + "'");
  auto part = wh.catalog().FindPartition(table, spec);
  if (!part) throw ActionError(404, "table " + table + " has no partition '" + spec + "'");
  std::string dir = wh.store().PartitionDir(table, spec).string();
  std::string quoted;
  for (char c : dir) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  QueryResult r = wh.engine().Query("SELECT * FROM read_parquet('" + quoted +
                                    "/*.parquet') LIMIT " + std::to_string(limit));
  json rows = json::array();
  for (const auto& row : r.rows) {
    json cells = json::array();
    for (const auto& v : row) cells.push_back(v ? json(*v) : json(nullptr));
    rows.push_back(cells);
  }
  return {{"table", table}, {"spec", spec}, {"columns", r.columns}, {"rows", rows}};
}

}  // namespace strata
