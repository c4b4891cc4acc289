#include "schedule/instance_planner.h"

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

}  // namespace strata
