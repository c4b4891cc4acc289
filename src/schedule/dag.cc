#include "schedule/dag.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

namespace strata {
namespace {

using NodeIndex = std::unordered_map<std::string_view, size_t>;

NodeIndex IndexNodes(const Project& project) {
  NodeIndex index;
  for (size_t i = 0; i < project.nodes.size(); ++i) index.emplace(project.nodes[i].name, i);
  return index;
}

// "strata.yaml:L:C: nodes[i].depends_on[j]: ", without L:C for nodes built in code.
std::string WhereDependency(const Project& project, size_t node, size_t dep) {
  const Node& n = project.nodes[node];
  std::string out(kProjectFile);
  if (dep < n.depends_on_pos.size() && n.depends_on_pos[dep].line > 0)
    out += ":" + std::to_string(n.depends_on_pos[dep].line) + ":" +
           std::to_string(n.depends_on_pos[dep].column);
  return out + ": nodes[" + std::to_string(node) + "].depends_on[" + std::to_string(dep) + "]: ";
}

// Upstream node indexes of every node; unknown names are an error.
std::vector<std::vector<size_t>> Edges(const Project& project, const NodeIndex& index) {
  std::vector<std::vector<size_t>> edges(project.nodes.size());
  for (size_t i = 0; i < project.nodes.size(); ++i) {
    const Node& node = project.nodes[i];
    for (size_t j = 0; j < node.depends_on.size(); ++j) {
      auto it = index.find(node.depends_on[j]);
      if (it == index.end())
        throw Error(WhereDependency(project, i, j) + "node '" + node.name +
                    "' depends on unknown node '" + node.depends_on[j] + "'");
      edges[i].push_back(it->second);
    }
    for (size_t j = 0; j < node.depends_on_previous.size(); ++j) {
      const std::string& up = node.depends_on_previous[j];
      if (up != "self" && index.find(up) == index.end()) {
        const SourcePos& pos =
            node.depends_on_previous_pos.size() > j ? node.depends_on_previous_pos[j] : SourcePos{};
        throw Error(std::string(kProjectFile) + ":" + std::to_string(pos.line) + ":" +
                    std::to_string(pos.column) + ": nodes[" + std::to_string(i) +
                    "].depends_on_previous[" + std::to_string(j) + "]: node '" + node.name +
                    "' depends on the previous cycle of unknown node '" + up + "'");
      }
    }
  }
  return edges;
}

enum class Color { kWhite, kGray, kBlack };

// Depth-first search; returns the node indexes of a cycle (first == last), or
// an empty vector.
std::vector<size_t> FindCycle(size_t node, const std::vector<std::vector<size_t>>& edges,
                              std::vector<Color>& color, std::vector<size_t>& stack) {
  color[node] = Color::kGray;
  stack.push_back(node);
  for (size_t up : edges[node]) {
    if (color[up] == Color::kGray) {
      std::vector<size_t> cycle(std::find(stack.begin(), stack.end(), up), stack.end());
      cycle.push_back(up);
      return cycle;
    }
    if (color[up] == Color::kWhite) {
      std::vector<size_t> cycle = FindCycle(up, edges, color, stack);
      if (!cycle.empty()) return cycle;
    }
  }
  stack.pop_back();
  color[node] = Color::kBlack;
  return {};
}

[[noreturn]] void ThrowCycle(const Project& project, std::vector<size_t> cycle) {
  // The same cycle must read the same wherever the search entered it.
  cycle.pop_back();
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  cycle.push_back(cycle.front());
  const Node& first = project.nodes[cycle[0]];
  const std::string& second = project.nodes[cycle[1]].name;
  size_t dep = std::find(first.depends_on.begin(), first.depends_on.end(), second) -
               first.depends_on.begin();
  std::string path;
  for (size_t i : cycle) path += (path.empty() ? "" : " -> ") + project.nodes[i].name;
  throw Error(WhereDependency(project, cycle[0], dep) + "dependency cycle: " + path);
}

// For each selected node, the selected nodes it waits for: those reachable
// upstream through unselected nodes only (further ones are reached through them).
std::vector<std::vector<size_t>> SelectedUpstream(const std::vector<std::vector<size_t>>& edges,
                                                  const std::vector<bool>& selected) {
  std::vector<std::vector<size_t>> upstream(edges.size());
  for (size_t start = 0; start < edges.size(); ++start) {
    if (!selected[start]) continue;
    std::vector<bool> seen(edges.size());
    std::vector<size_t> todo(edges[start]);
    while (!todo.empty()) {
      size_t node = todo.back();
      todo.pop_back();
      if (seen[node]) continue;
      seen[node] = true;
      if (selected[node]) {
        upstream[start].push_back(node);
      } else {
        todo.insert(todo.end(), edges[node].begin(), edges[node].end());
      }
    }
  }
  return upstream;
}

std::vector<bool> Select(const Project& project, const NodeIndex& index,
                         const std::vector<std::string>& names) {
  std::vector<bool> selected(project.nodes.size());
  for (size_t i = 0; i < project.nodes.size(); ++i)
    selected[i] = names.empty() && !project.nodes[i].paused;
  for (const std::string& name : names) {
    auto it = index.find(name);
    if (it == index.end()) throw Error("unknown node '" + name + "'");
    selected[it->second] = true;
  }
  return selected;
}

}  // namespace

void ValidateDag(const Project& project) {
  std::vector<std::vector<size_t>> edges = Edges(project, IndexNodes(project));
  std::vector<Color> color(edges.size(), Color::kWhite);
  std::vector<size_t> stack;
  for (size_t i = 0; i < edges.size(); ++i) {
    if (color[i] != Color::kWhite) continue;
    std::vector<size_t> cycle = FindCycle(i, edges, color, stack);
    if (!cycle.empty()) ThrowCycle(project, std::move(cycle));
  }
}

std::vector<const Node*> PlanRun(const Project& project, const std::vector<std::string>& names) {
  ValidateDag(project);
  NodeIndex index = IndexNodes(project);
  std::vector<bool> selected = Select(project, index, names);
  std::vector<std::vector<size_t>> upstream = SelectedUpstream(Edges(project, index), selected);

  // Kahn's algorithm, always taking the earliest ready node in file order.
  std::vector<size_t> waiting(upstream.size());
  std::vector<std::vector<size_t>> downstream(upstream.size());
  std::set<size_t> ready;
  for (size_t i = 0; i < upstream.size(); ++i) {
    if (!selected[i]) continue;
    waiting[i] = upstream[i].size();
    for (size_t up : upstream[i]) downstream[up].push_back(i);
    if (waiting[i] == 0) ready.insert(i);
  }
  std::vector<const Node*> plan;
  while (!ready.empty()) {
    size_t next = *ready.begin();
    ready.erase(ready.begin());
    plan.push_back(&project.nodes[next]);
    for (size_t down : downstream[next])
      if (--waiting[down] == 0) ready.insert(down);
  }
  return plan;
}

std::vector<std::string> WithDescendants(const Project& project,
                                         const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const Node* n : PlanRun(project, names)) out.push_back(n->name);
  // Nodes come in file order; repeat until no node adds a descendant.
  for (bool grew = true; grew;) {
    grew = false;
    for (const Node& n : project.nodes) {
      if (std::find(out.begin(), out.end(), n.name) != out.end()) continue;
      for (const auto& up : n.depends_on)
        if (std::find(out.begin(), out.end(), up) != out.end()) {
          out.push_back(n.name);
          grew = true;
          break;
        }
    }
  }
  return out;
}

std::vector<std::string> WithAncestors(const Project& project,
                                       const std::vector<std::string>& names) {
  PlanRun(project, names);  // rejects unknown names
  std::set<std::string> in(names.begin(), names.end());
  // Walk file order backwards until no node adds an ancestor: dependencies
  // usually come first in strata.yaml, so this settles in one or two passes.
  for (bool grew = true; grew;) {
    grew = false;
    for (auto n = project.nodes.rbegin(); n != project.nodes.rend(); ++n) {
      if (!in.count(n->name)) continue;
      for (const auto& up : n->depends_on) grew |= in.insert(up).second;
    }
  }
  std::vector<std::string> out;
  for (const Node& n : project.nodes)
    if (in.count(n.name)) out.push_back(n.name);
  return out;
}

std::vector<std::string> ExpandSelectors(const Project& project,
                                         const std::vector<std::string>& selectors) {
  std::vector<std::string> out;
  for (const auto& s : selectors) {
    std::vector<std::string> picked{s};
    if (s.size() > 1 && s.back() == '+')
      picked = WithDescendants(project, {s.substr(0, s.size() - 1)});
    else if (s.size() > 1 && s.front() == '+')
      picked = WithAncestors(project, {s.substr(1)});
    for (auto& name : picked)
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

}  // namespace strata
