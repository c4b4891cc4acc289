#include "sync/target_table.h"

#include <algorithm>

#include "core/error.h"
#include "core/names.h"

namespace strata {

std::string LowerName(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TableInfo ResolveTargetTable(Warehouse& wh, const std::string& name, const std::string& partition,
                             const SourceTable& src, const Schema& extra) {
  if (auto t = wh.catalog().FindTable(name)) return *t;
  TableInfo t;
  t.name = name;
  for (const auto& c : src.columns) {
    RequireIdentifier(c.name, "source column");
    t.columns.push_back({LowerName(c.name), c.warehouse_type});
  }
  t.columns.insert(t.columns.end(), extra.begin(), extra.end());
  std::string_view rest = partition;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    std::string key(part.substr(0, part.find('=')));
    RequireIdentifier(key, "partition column");
    t.partition_columns.push_back({key, ColumnType{TypeId::kString}});
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  wh.CreateTable(t, true);  // a parallel instance may have created it meanwhile
  return wh.RequireTable(t.name);
}

std::vector<int> MapColumns(const SourceTable& src, const Schema& target,
                            const std::string& table_name, bool allow_unfilled) {
  std::vector<int> target_of;
  std::vector<bool> filled(target.size());
  for (const auto& sc : src.columns) {
    int found = -1;
    for (size_t j = 0; j < target.size(); ++j)
      if (LowerName(target[j].name) == LowerName(sc.name)) found = static_cast<int>(j);
    if (found < 0)
      throw Error("source column '" + sc.name + "' has no column in table '" + table_name + "'");
    if (filled[found]) throw Error("source column '" + sc.name + "' appears twice");
    filled[found] = true;
    target_of.push_back(found);
  }
  for (size_t j = 0; j < filled.size() && !allow_unfilled; ++j)
    if (!filled[j])
      throw Error("column '" + target[j].name + "' of table '" + table_name +
                  "' has no source column");
  return target_of;
}

Schema SourceSchemaOf(const SourceTable& src) {
  Schema out;
  for (const auto& c : src.columns) out.push_back({LowerName(c.name), c.warehouse_type});
  return out;
}

EvolutionPlan PlanTargetEvolution(Warehouse& wh, const TableInfo& target, const SourceTable& src,
                                  SchemaPolicy policy, const std::vector<std::string>& fixed) {
  for (const auto& c : src.columns) RequireIdentifier(c.name, "source column");
  return PlanEvolution(target.name, target.columns, SourceSchemaOf(src),
                       wh.catalog().SourceSchema(target.name), policy, fixed);
}

void ApplyEvolution(Warehouse& wh, const std::string& table, EvolutionPlan plan,
                    const SourceTable& src, const std::string& bizdate, const std::string& node) {
  Schema source = SourceSchemaOf(src);
  if (plan.changes.empty() && wh.catalog().SourceSchema(table) == source) return;
  for (auto& c : plan.changes) {
    c.bizdate = bizdate;
    c.node = node;
  }
  wh.SetColumns(table, plan.columns, plan.changes, source);
}

}  // namespace strata
