// strata backfill and strata rerun: many business dates, or one instance
// again, with dependencies respected.

#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/error.h"
#include "schedule/dag.h"
#include "schedule/instance_planner.h"

namespace strata::cli {
namespace {

// A full snapshot backfilled into past dates writes today's rows into each.
void WarnCurrentStateReads(const std::vector<const Node*>& plan, const CivilTime& from) {
  CivilTime today = ToLocal(Clock::Now());
  if (from.ToDays() >= today.ToDays() - 1) return;
  for (const Node* node : plan)
    if (ReadsCurrentState(*node))
      std::cerr << "strata: warning: node " << node->name
                << " reads the source as it is now (its source read uses no scheduling "
                   "parameter): every backfilled date gets today's rows\n";
}

}  // namespace

int BackfillCommand(const BackfillOptions& o) {
  Project project = LoadProject(o.project_dir);
  CivilTime from = ParseDateFlag("--from", o.from), to = ParseDateFlag("--to", o.to);
  std::vector<std::string> names = o.nodes;
  if (names.empty())
    for (const auto& n : project.nodes)
      if (!n.paused) names.push_back(n.name);
  if (o.downstream) names = WithDescendants(project, names);
  std::vector<const Node*> plan = PlanRun(project, names);
  StateStore store(project.root / ".strata" / "state.db");
  to = ExtendPastLaterCycles(store, plan, from, to, o.forward);
  auto planned = EnsureInstances(store, plan, from, to);
  WarnCurrentStateReads(plan, from);
  std::cout << "backfill " << plan.size() << " nodes from " << from.FormatYmd() << " to "
            << to.FormatYmd() << ": " << planned.size() << " instances, " << o.parallel
            << " at a time\n";
  ExecutorOptions options;
  options.max_parallel = o.parallel;
  return ExecuteInstances(project, ResetForRun(store, planned, !o.nodes.empty()), options,
                          std::cout);
}

int RerunCommand(const RerunOptions& o) {
  Project project = LoadProject(o.project_dir);
  CivilTime date = ParseDateFlag("--date", o.date);
  std::vector<std::string> names{o.node};
  if (o.downstream) names = WithDescendants(project, names);
  std::vector<const Node*> plan = PlanRun(project, names);
  StateStore store(project.root / ".strata" / "state.db");
  auto planned =
      EnsureInstances(store, plan, date, ExtendPastLaterCycles(store, plan, date, date, o.forward));
  ExecutorOptions options;
  options.echo_logs = true;
  return ExecuteInstances(project, ResetForRun(store, planned, true), options, std::cout);
}

}  // namespace strata::cli
