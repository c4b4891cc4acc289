#include "schedule/check_plan.h"

#include <algorithm>
#include <variant>

#include "core/error.h"
#include "schedule/check_yaml.h"
#include "schedule/project_check.h"
#include "warehouse/sql/statement.h"

namespace strata {
namespace {

// The tables a SQL node's script inserts into, in order, once each.
std::vector<std::string> InsertTargets(const std::string& text, const std::string& origin) {
  std::vector<std::string> tables;
  for (const auto& stmt : sql::ParseScript(text, origin))
    if (const auto* insert = std::get_if<sql::InsertSelect>(&stmt.body))
      if (std::find(tables.begin(), tables.end(), insert->table) == tables.end())
        tables.push_back(insert->table);
  return tables;
}

std::string JoinTables(const std::vector<std::string>& tables) {
  std::string out;
  for (const auto& t : tables) out += (out.empty() ? "'" : ", '") + t + "'";
  return out.empty() ? "no table" : out;
}

// The columns the project's table files declare for `table`; empty if none do.
Schema DeclaredColumns(const Project& project, const std::string& table) {
  for (const auto& file : project.ddl_files)
    for (const sql::CreateTable& create : ReadTableFile(project, file))
      if (create.name == table) {
        Schema all = create.columns;
        all.insert(all.end(), create.partition_columns.begin(), create.partition_columns.end());
        return all;
      }
  return {};
}

// DuckDB's parser on a rule's SQL (no tables needed), so a typo fails at
// check rather than after a whole sync.
void ParseRuleSql(const CheckRule& rule, DuckEngine& engine) {
  if (rule.kind != CheckKind::kExpression && rule.kind != CheckKind::kSql) return;
  std::string sql =
      rule.kind == CheckKind::kSql ? rule.sql : "SELECT 1 WHERE NOT (" + rule.sql + "\n)";
  duckdb_extracted_statements statements = nullptr;
  idx_t count = duckdb_extract_statements(engine.connection(), sql.c_str(), &statements);
  const char* error = count == 0 ? duckdb_extract_statements_error(statements) : nullptr;
  std::string message = error ? error : "no statement";
  duckdb_destroy_extracted(&statements);
  if (count == 0) throw Error(rule.where + message);
  if (count > 1) throw Error(rule.where + "one query only, found " + std::to_string(count));
}

}  // namespace

std::vector<CheckRule> ResolveRules(const Node& node, const ParamContext& ctx,
                                    const std::string& sql_text) {
  std::vector<CheckRule> rules = node.checks;
  if (rules.empty()) return rules;
  std::vector<std::string> writes = {node.sync.target_table};
  if (node.kind == NodeKind::kSql) writes = InsertTargets(sql_text, node.sql.origin);
  for (CheckRule& rule : rules) {
    if (rule.table.empty()) {
      if (writes.size() != 1)
        throw Error(rule.where + "node '" + node.name + "' writes " + JoinTables(writes) +
                    ": say which table the check is on with 'table:'");
      rule.table = writes[0];
    } else if (std::find(writes.begin(), writes.end(), rule.table) == writes.end() &&
               rule.table != node.sync.merge.changes) {
      throw Error(rule.where + "node '" + node.name + "' writes " + JoinTables(writes) + ", not '" +
                  rule.table + "'");
    }
    try {
      rule.sql = SubstituteParams(rule.sql, ctx);
    } catch (const Error& e) {
      throw Error(rule.where + e.what() + " in node '" + node.name + "'");
    }
  }
  return rules;
}

void CheckNodeRules(const Project& project, const Node& node, const ParamContext& ctx,
                    DuckEngine& engine) {
  std::string text = node.kind == NodeKind::kSql ? RenderNode(node, ctx).sql : "";
  for (const CheckRule& rule : ResolveRules(node, ctx, text)) {
    ParseRuleSql(rule, engine);
    Schema declared = DeclaredColumns(project, rule.table);
    if (declared.empty()) continue;  // created by the sync itself: known at run time
    for (const auto& column : rule.columns)
      if (std::none_of(declared.begin(), declared.end(),
                       [&](const Column& c) { return c.name == column; }))
        throw Error(rule.where + "column '" + column + "' is not in table '" + rule.table +
                    "' as the project's table files declare it");
  }
}

void CheckRuleColumns(const Node& node, const std::vector<std::string>& columns) {
  const SyncSpec& s = node.sync;
  // A merge or history table adds columns of its own (_deleted, start_ds, ...).
  if (node.kind != NodeKind::kSync || IsKeyed(s.mode)) return;
  for (const CheckRule& rule : node.checks) {
    if (!rule.table.empty() && rule.table != s.target_table) continue;
    for (const auto& column : rule.columns) {
      bool known = std::find(columns.begin(), columns.end(), column) != columns.end() ||
                   IsPartitionKey(s.partition, column);
      if (known) continue;
      std::string all;
      for (const auto& c : columns) all += (all.empty() ? "" : ", ") + c;
      throw Error(rule.where + "column '" + column +
                  "' is not among the columns the source gives (" + all + ")");
    }
  }
}

}  // namespace strata
