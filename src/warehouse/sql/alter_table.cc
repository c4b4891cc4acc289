#include "warehouse/sql/alter_table.h"

#include <algorithm>

#include "core/error.h"

namespace strata {
namespace {

bool Has(const Schema& schema, const std::string& name) {
  return std::any_of(schema.begin(), schema.end(), [&](const Column& c) { return c.name == name; });
}

// The data column `name` of `t`; throws naming it when there is none or it is
// a partition column.
Column& RequireDataColumn(TableInfo& t, const std::string& name, const char* verb) {
  if (Has(t.partition_columns, name))
    throw Error("cannot " + std::string(verb) + " partition column '" + name + "' of table '" +
                t.name + "'");
  for (auto& c : t.columns)
    if (c.name == name) return c;
  throw Error("table '" + t.name + "' has no column '" + name + "'");
}

SchemaChange Change(const TableInfo& t, const std::string& column, std::string old_type,
                    std::string new_type) {
  return {t.name, column, std::move(old_type), std::move(new_type), "", "", ""};
}

std::vector<SchemaChange> Add(TableInfo& t, const Schema& columns) {
  std::vector<SchemaChange> changes;
  for (const auto& c : columns) {
    if (Has(t.columns, c.name) || Has(t.partition_columns, c.name))
      throw Error("table '" + t.name + "' already has a column '" + c.name + "'");
    t.columns.push_back(c);
    changes.push_back(Change(t, c.name, "", c.type.ToMaxCompute()));
  }
  return changes;
}

std::vector<SchemaChange> Widen(TableInfo& t, const Column& wanted) {
  Column& c = RequireDataColumn(t, wanted.name, "change");
  if (c.type == wanted.type) return {};
  if (!IsWidening(c.type, wanted.type))
    throw Error("cannot change column '" + c.name + "' of table '" + t.name + "' from " +
                c.type.ToMaxCompute() + " to " + wanted.type.ToMaxCompute() +
                ": not a widening (allowed: a larger integer, a longer varchar or string, a "
                "decimal keeping its scale and integer digits, float to double, date to "
                "datetime)");
  std::string old = c.type.ToMaxCompute();
  c.type = wanted.type;
  return {Change(t, c.name, old, c.type.ToMaxCompute())};
}

std::vector<SchemaChange> Drop(TableInfo& t, const Schema& columns) {
  std::vector<SchemaChange> changes;
  for (const auto& wanted : columns) {
    Column& c = RequireDataColumn(t, wanted.name, "drop");
    changes.push_back(Change(t, c.name, c.type.ToMaxCompute(), ""));
    t.columns.erase(t.columns.begin() + (&c - t.columns.data()));
  }
  if (t.columns.empty())
    throw Error("cannot drop every column of table '" + t.name + "'; drop the table instead");
  return changes;
}

}  // namespace

std::string RunAlterColumns(Warehouse& wh, const sql::AlterColumns& alter,
                            const std::string& bizdate, const std::string& node) {
  TableInfo t = wh.RequireTable(alter.table);
  wh.RequireWritable(t.name);
  using Kind = sql::AlterColumns::Kind;
  std::vector<SchemaChange> changes = alter.kind == Kind::kAdd      ? Add(t, alter.columns)
                                      : alter.kind == Kind::kChange ? Widen(t, alter.columns[0])
                                                                    : Drop(t, alter.columns);
  if (changes.empty()) return "table " + t.name + " unchanged";
  for (auto& c : changes) {
    c.bizdate = bizdate;
    c.node = node;
  }
  wh.SetColumns(t.name, t.columns, changes);
  std::string what;
  for (const auto& c : changes)
    what += (what.empty() ? " " : ", ") + c.column + " " +
            (c.old_type.empty()   ? "added"
             : c.new_type.empty() ? "dropped"
                                  : c.old_type + " -> " + c.new_type);
  return "altered table " + t.name + ":" + what;
}

}  // namespace strata
