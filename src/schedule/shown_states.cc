#include "schedule/shown_states.h"

#include <set>

#include "schedule/dag.h"

namespace strata {
namespace {

std::string Shown(const Instance& i, bool upstream_failed) {
  if (i.state != InstanceState::kWaiting) return StateName(i.state);
  if (i.message.rfind("interrupted", 0) == 0) return "interrupted";
  return upstream_failed ? "blocked" : "waiting";
}

// Whether any depends_on node of `node` has a failed or blocked instance on
// `date`; `blocked` holds the verdicts of nodes planned before it.
bool UpstreamFailed(const Node& node, const std::string& date, const InstanceCells& cells,
                    const std::set<std::pair<std::string, std::string>>& blocked) {
  for (const auto& up : node.depends_on) {
    if (blocked.count({up, date})) return true;
    auto it = cells.find({up, date});
    if (it == cells.end()) continue;
    for (const auto& i : it->second)
      if (i.state == InstanceState::kFailed) return true;
  }
  return false;
}

}  // namespace

std::map<int64_t, std::string> ShownStates(const Project& project, const InstanceCells& cells,
                                           const std::vector<std::string>& dates) {
  std::vector<std::string> all;
  for (const auto& n : project.nodes) all.push_back(n.name);
  std::set<std::string> present;  // nodes with instances: the others need no look-ups
  for (const auto& [key, instances] : cells) present.insert(key.first);
  std::set<std::pair<std::string, std::string>> blocked;
  std::map<int64_t, std::string> shown;
  for (const Node* n : PlanRun(project, all)) {
    if (!present.count(n->name)) continue;
    for (const auto& d : dates) {
      auto it = cells.find({n->name, d});
      if (it == cells.end()) continue;
      bool up = UpstreamFailed(*n, d, cells, blocked);
      for (const auto& i : it->second) {
        shown[i.id] = Shown(i, up);
        if (shown[i.id] == "blocked" || shown[i.id] == "failed") blocked.insert({n->name, d});
      }
    }
  }
  return shown;
}

}  // namespace strata
