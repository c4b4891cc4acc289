// strata compile: what a node would send and write for one business date,
// parameters substituted, without running it.

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "schedule/check_plan.h"
#include "schedule/project_check.h"

namespace strata::cli {
namespace {

void PrintSync(const Node& node, const RenderedNode& r) {
  const SyncSpec& s = node.sync;
  std::cout << "source: " << s.connection << " " << (s.table.empty() ? "query" : "table " + s.table)
            << "\n";
  if (!s.columns.empty()) {
    std::cout << "columns:";
    for (const std::string& c : s.columns) std::cout << " " << c;
    std::cout << "\n";
  }
  if (!r.where.empty()) std::cout << "where: " << r.where << "\n";
  if (!r.query.empty()) std::cout << "query: " << r.query << "\n";
  std::cout << "target: " << s.target_table
            << (r.partition.empty() ? "" : " partition " + r.partition) << " (" << ModeName(s.mode)
            << ")\n";
}

// The node's quality rules as they would run: table resolved, parameters
// substituted (an expression's or a query's text in full).
void PrintChecks(const Node& node, const ParamContext& ctx, const RenderedNode& r) {
  for (const CheckRule& rule : ResolveRules(node, ctx, r.sql)) {
    std::cout << "-- check (" << CheckLevelName(rule.level) << ") on " << rule.table << ": ";
    if (rule.kind != CheckKind::kExpression && rule.kind != CheckKind::kSql)
      std::cout << DescribeRule(rule) << "\n";
    else
      std::cout << CheckKindName(rule.kind) << "\n"
                << rule.sql << (rule.sql.ends_with('\n') ? "" : "\n");
  }
}

}  // namespace

int CompileCommand(const std::filesystem::path& project_dir, const std::string& node_name,
                   const std::optional<std::string>& date) {
  Project project = LoadProject(project_dir);
  const Node* node = project.FindNode(node_name);
  if (!node) throw Error("unknown node '" + node_name + "'");
  CivilTime bizdate = ResolveBizdate(date);
  ParamContext ctx = NodeContext(*node, bizdate);
  RenderedNode r = RenderNode(*node, ctx);
  std::cout << "-- node " << node->name << " (" << (node->kind == NodeKind::kSync ? "sync" : "sql")
            << "), business date " << bizdate.FormatYmd() << "\n";
  if (node->kind == NodeKind::kSync) {
    PrintSync(*node, r);
  } else {
    // Without the padding RenderNode adds to keep line numbers.
    std::string sql = r.sql.substr(r.sql.find_first_not_of('\n'));
    std::cout << sql << (sql.ends_with('\n') ? "" : "\n");
  }
  PrintChecks(*node, ctx, r);
  return 0;
}

}  // namespace strata::cli
