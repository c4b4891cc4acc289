// strata compile: what a node would send and write for one business date,
// parameters substituted, without running it.

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
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

}  // namespace

int CompileCommand(const std::filesystem::path& project_dir, const std::string& node_name,
                   const std::optional<std::string>& date) {
  Project project = LoadProject(project_dir);
  const Node* node = project.FindNode(node_name);
  if (!node) throw Error("unknown node '" + node_name + "'");
  CivilTime bizdate = ResolveBizdate(date);
  RenderedNode r = RenderNode(*node, NodeContext(*node, bizdate));
  std::cout << "-- node " << node->name << " (" << (node->kind == NodeKind::kSync ? "sync" : "sql")
            << "), business date " << bizdate.FormatYmd() << "\n";
  if (node->kind == NodeKind::kSync) {
    PrintSync(*node, r);
  } else {
    // Without the padding RenderNode adds to keep line numbers.
    std::string sql = r.sql.substr(r.sql.find_first_not_of('\n'));
    std::cout << sql << (sql.ends_with('\n') ? "" : "\n");
  }
  return 0;
}

}  // namespace strata::cli
