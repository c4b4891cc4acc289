#include "warehouse/catalog/schema_evolution.h"

#include <algorithm>

#include "core/error.h"

namespace strata {
namespace {

int IntegerRank(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt: return 1;
    case TypeId::kSmallInt: return 2;
    case TypeId::kInt: return 3;
    case TypeId::kBigInt: return 4;
    default: return 0;
  }
}

bool TextWidening(const ColumnType& from, const ColumnType& to) {
  if (to.id == TypeId::kString) return from.id != TypeId::kString;
  // char(n) pads with blanks: only a string keeps its values unchanged.
  return from.id == TypeId::kVarchar && to.id == TypeId::kVarchar && to.length > from.length;
}

const Column* FindColumn(const Schema& schema, const std::string& name) {
  for (const auto& c : schema)
    if (c.name == name) return &c;
  return nullptr;
}

std::string Names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

// What a run found different between the source and the table.
struct Diff {
  std::vector<std::string> added, dropped;
  std::vector<std::string> widened;  // "c int -> bigint"
};

std::string RenameHint(const Diff& d) {
  if (d.added.empty() || d.dropped.empty()) return "";
  return " (a rename is seen as a drop of " + Names(d.dropped) + " plus an add of " +
         Names(d.added) + ")";
}

void CheckPolicy(const std::string& table, const Diff& d, SchemaPolicy policy) {
  std::string where = "table '" + table + "': ";
  if (policy == SchemaPolicy::kFreeze) {
    std::string what;
    if (!d.added.empty()) what += "new source column(s) " + Names(d.added);
    if (!d.dropped.empty()) what += (what.empty() ? "" : ", ") + Names(d.dropped) + " gone";
    for (const auto& w : d.widened) what += (what.empty() ? "column " : ", column ") + w;
    if (!what.empty())
      throw Error(where + what + RenameHint(d) +
                  "; schema: freeze allows no change (set schema: evolve to follow the source)");
  }
  if (policy == SchemaPolicy::kFail && !d.added.empty())
    throw Error(where + "new source column(s) " + Names(d.added) + RenameHint(d) +
                "; schema: fail adds no columns (set schema: evolve, or add them with alter "
                "table " +
                table + " add columns (...))");
}

// Adds or widens source column `sc` in `plan`; throws on a change that is
// no widening.
void FollowColumn(const std::string& table_name, const Column& sc,
                  const std::optional<Schema>& previous, EvolutionPlan& plan, Diff& diff) {
  auto it = std::find_if(plan.columns.begin(), plan.columns.end(),
                         [&](const Column& c) { return c.name == sc.name; });
  if (it == plan.columns.end()) {
    diff.added.push_back(sc.name);
    plan.columns.push_back(sc);
    plan.changes.push_back({table_name, sc.name, "", sc.type.ToMaxCompute(), "", "", ""});
    return;
  }
  // Without a previous run's types, a table made by DDL keeps converting.
  const Column* before = previous ? FindColumn(*previous, sc.name) : nullptr;
  ColumnType old = before ? before->type : it->type;
  if (before && sc.type != old && !IsWidening(old, sc.type))
    throw Error("table '" + table_name + "': source column '" + sc.name + "' changed from " +
                old.ToMaxCompute() + " to " + sc.type.ToMaxCompute() +
                ", which is not a widening; choices: change it back at the source, widen the "
                "table by hand (alter table " +
                table_name + " change column " + sc.name + " " + sc.name +
                " <type>) to a type that holds both, or sync into a new table");
  if (!IsWidening(it->type, sc.type)) {  // the table already holds every value
    if (before && sc.type != old)        // still a difference, for freeze
      diff.widened.push_back("'" + sc.name + "' " + old.ToMaxCompute() + " -> " +
                             sc.type.ToMaxCompute() + " at the source");
    return;
  }
  diff.widened.push_back("'" + sc.name + "' " + it->type.ToMaxCompute() + " -> " +
                         sc.type.ToMaxCompute());
  plan.changes.push_back(
      {table_name, sc.name, it->type.ToMaxCompute(), sc.type.ToMaxCompute(), "", "", ""});
  it->type = sc.type;
}

std::string Note(const std::string& table_name, const std::vector<SchemaChange>& changes,
                 const Diff& diff) {
  if (changes.empty()) return "";
  std::string note = "schema of " + table_name + ":";
  for (const auto& c : changes)
    note += " " + c.column + " " + (c.old_type.empty() ? "added" : c.old_type) + " -> " +
            (c.new_type.empty() ? "dropped (NULL from now)" : c.new_type) + ";";
  return note + RenameHint(diff);
}

}  // namespace

std::optional<SchemaPolicy> ParseSchemaPolicy(const std::string& text) {
  if (text == "evolve") return SchemaPolicy::kEvolve;
  if (text == "freeze") return SchemaPolicy::kFreeze;
  if (text == "fail") return SchemaPolicy::kFail;
  return std::nullopt;
}

bool IsWidening(const ColumnType& from, const ColumnType& to) {
  if (from == to) return false;
  if (IntegerRank(from.id) && IntegerRank(to.id)) return IntegerRank(to.id) > IntegerRank(from.id);
  if (from.IsText() && to.IsText()) return TextWidening(from, to);
  if (from.id == TypeId::kDecimal && to.id == TypeId::kDecimal)
    return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  if (from.id == TypeId::kFloat) return to.id == TypeId::kDouble;
  if (from.id == TypeId::kDate) return to.id == TypeId::kDatetime;
  return false;
}

EvolutionPlan PlanEvolution(const std::string& table_name, const Schema& table,
                            const Schema& source, const std::optional<Schema>& previous,
                            SchemaPolicy policy, const std::vector<std::string>& fixed) {
  EvolutionPlan plan{table, {}, ""};
  Diff diff;
  for (const auto& sc : source) FollowColumn(table_name, sc, previous, plan, diff);
  for (const auto& tc : table) {
    if (FindColumn(source, tc.name) ||
        std::find(fixed.begin(), fixed.end(), tc.name) != fixed.end())
      continue;
    if (previous && !FindColumn(*previous, tc.name)) continue;  // dropped on an earlier run
    diff.dropped.push_back(tc.name);
    plan.changes.push_back({table_name, tc.name, tc.type.ToMaxCompute(), "", "", "", ""});
  }
  CheckPolicy(table_name, diff, policy);
  plan.note = Note(table_name, plan.changes, diff);
  return plan;
}

}  // namespace strata
