// strata ls: the project's nodes as loaded, one line each or as JSON.

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"

namespace strata::cli {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out.empty() ? "-" : out;
}

std::string SourceOf(const Node& node) {
  if (node.kind == NodeKind::kSql) return node.sql.origin;
  return node.sync.connection + ":" + (node.sync.table.empty() ? "query" : node.sync.table);
}

std::string TargetOf(const Node& node) {
  if (node.kind == NodeKind::kSql) return "";
  const SyncSpec& s = node.sync;
  return s.target_table + (s.partition.empty() ? "" : "/" + s.partition);
}

std::string ModeOf(const Node& node) {
  if (node.kind == NodeKind::kSql) return "";
  return std::string(ModeName(node.sync.mode));
}

nlohmann::json NodeJson(const Node& node) {
  return {{"name", node.name},
          {"type", node.kind == NodeKind::kSync ? "sync" : "sql"},
          {"schedule", Describe(node.schedule)},
          {"depends_on", node.depends_on},
          {"depends_on_previous", node.depends_on_previous},
          {"source", SourceOf(node)},
          {"target", node.kind == NodeKind::kSync ? nlohmann::json(TargetOf(node)) : nullptr},
          {"mode", node.kind == NodeKind::kSync ? nlohmann::json(ModeOf(node)) : nullptr},
          {"paused", node.paused}};
}

std::vector<std::string> Row(const Node& node) {
  auto dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  return {node.name,
          node.kind == NodeKind::kSync ? "sync" : "sql",
          Describe(node.schedule),
          Join(node.depends_on),
          Join(node.depends_on_previous),
          SourceOf(node),
          dash(TargetOf(node)),
          dash(ModeOf(node)),
          node.paused ? "yes" : "no"};
}

// Columns padded to their widest cell, two spaces apart.
void PrintText(const Project& project) {
  std::vector<std::vector<std::string>> rows = {
      {"NODE", "TYPE", "SCHEDULE", "DEPENDS_ON", "PREVIOUS", "SOURCE", "TARGET", "MODE", "PAUSED"}};
  for (const Node& node : project.nodes) rows.push_back(Row(node));
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i)
      line += row[i] + (i + 1 < row.size() ? std::string(width[i] - row[i].size() + 2, ' ') : "");
    std::cout << line << "\n";
  }
}

}  // namespace

int LsCommand(const std::filesystem::path& project_dir, const std::string& format) {
  Project project = LoadProject(project_dir);
  if (format != "json") {
    PrintText(project);
    return 0;
  }
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& node : project.nodes) nodes.push_back(NodeJson(node));
  std::cout << nodes.dump(2) << "\n";
  return 0;
}

}  // namespace strata::cli
