#include "schedule/instance_planner.h"

#include <algorithm>

#include "core/clock.h"
#include "core/error.h"

namespace strata {

std::vector<PlannedInstance> EnsureInstances(StateStore& store,
                                             const std::vector<const Node*>& nodes,
                                             const CivilTime& from, const CivilTime& to) {
  if (to < from)
    throw Error("the date range " + from.FormatYmd() + ".." + to.FormatYmd() + " is empty");
  std::vector<PlannedInstance> out;
  for (CivilTime day = from; day <= to; day = day.AddDays(1))
    for (const Node* node : nodes)
      for (const Cycle& c : CyclesForBizdate(node->schedule, day)) {
        int64_t at = FromLocal(c.scheduled);
        out.push_back(
            {store.Ensure(node->name, day.FormatYmd(), at, FormatLocal(at), c.dry_run), c.dry_run});
      }
  return out;
}

std::vector<int64_t> ResetForRun(StateStore& store, const std::vector<PlannedInstance>& planned,
                                 bool run_dry) {
  std::vector<int64_t> ids;
  for (const auto& p : planned) {
    if (p.dry_run && !run_dry) continue;
    store.Reset(p.instance.id);
    ids.push_back(p.instance.id);
  }
  return ids;
}

namespace {

bool DependsOnItself(const Node& node) {
  for (const auto& p : node.depends_on_previous)
    if (p == "self" || p == node.name) return true;
  return false;
}

}  // namespace

std::map<std::string, std::string> LaterCyclesDone(StateStore& store,
                                                   const std::vector<const Node*>& nodes,
                                                   const CivilTime& to) {
  std::map<std::string, std::string> out;
  std::string last = to.FormatYmd();
  for (const Node* node : nodes) {
    if (!DependsOnItself(*node)) continue;
    for (const auto& inst : store.ForNode(node->name))
      if (inst.bizdate > last && inst.state == InstanceState::kSucceeded &&
          inst.bizdate > out[node->name])
        out[node->name] = inst.bizdate;
  }
  std::erase_if(out, [](const auto& kv) { return kv.second.empty(); });
  return out;
}

CivilTime ExtendPastLaterCycles(StateStore& store, const std::vector<const Node*>& nodes,
                                const CivilTime& from, const CivilTime& to, bool forward) {
  auto later = LaterCyclesDone(store, nodes, to);
  if (later.empty()) return to;
  std::string latest;
  for (const auto& [node, date] : later) latest = std::max(latest, date);
  if (forward) return *CivilTime::ParseYmd(latest);
  const auto& [node, date] = *later.begin();
  std::string dates = from == to ? from.FormatYmd() : from.FormatYmd() + ".." + to.FormatYmd();
  throw Error(node + " depends on its own previous cycle and already succeeded up to " + date +
              ": running " + dates + " alone would apply old changes over newer data. Add " +
              "--forward to run " + dates + " and every later cycle up to " + latest + " in order");
}

bool ReadsCurrentState(const Node& node) {
  if (node.kind != NodeKind::kSync) return false;
  for (const std::string* text : {&node.sync.where, &node.sync.query, &node.sync.table})
    if (text->find('$') != std::string::npos) return false;
  return true;
}

}  // namespace strata
