// strata backfill and strata rerun: many business dates, or one instance
// again, with dependencies respected. A backfill plans lazily, one date at a
// time as the run proceeds, prints a line per date, and asks for --yes above
// kBackfillMaxDates dates or kBackfillMaxInstances instances.

#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/error.h"
#include "schedule/dag.h"
#include "schedule/instance_planner.h"
#include "schedule/operations_store.h"
#include "schedule/schedule_spec.h"

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

// Instances the plan makes for business dates from..to: counted exactly for
// ranges a backfill may cover without --yes, estimated from the first date
// beyond that (counting 376,000 dates would itself take a while).
int64_t CountInstances(const std::vector<const Node*>& plan, const CivilTime& from, int64_t dates) {
  int64_t count = 0;
  int64_t exact = std::min(dates, kBackfillMaxDates + 1);
  for (int64_t d = 0; d < exact; ++d)
    for (const Node* node : plan)
      count += static_cast<int64_t>(CyclesForBizdate(node->schedule, from.AddDays(d)).size());
  return exact == dates ? count : count * dates / exact;
}

struct BackfillSize {
  int64_t dates = 0, instances = 0;
};

// The size of a backfill from..to; throws unless it is small or `yes`.
BackfillSize RequireYesIfLarge(const std::vector<const Node*>& plan, const CivilTime& from,
                               const CivilTime& to, bool yes) {
  int64_t dates = to.ToDays() - from.ToDays() + 1;
  int64_t instances = CountInstances(plan, from, dates);
  if (yes || (dates <= kBackfillMaxDates && instances <= kBackfillMaxInstances))
    return {dates, instances};
  throw Error("backfill from " + from.FormatYmd() + " to " + to.FormatYmd() + " covers " +
              std::to_string(dates) + " business dates and " +
              (dates > kBackfillMaxDates ? "about " : "") + std::to_string(instances) +
              " instances; more than " + std::to_string(kBackfillMaxDates) + " dates or " +
              std::to_string(kBackfillMaxInstances) + " instances needs --yes");
}

}  // namespace

int BackfillCommand(const BackfillOptions& o) {
  Project project = LoadProject(o.project_dir);
  CivilTime from = ParseDateFlag("--from", o.from), to = ParseDateFlag("--to", o.to);
  CheckDateRange(from, to);
  std::vector<std::string> names = ExpandSelectors(project, o.nodes);
  if (names.empty())
    for (const auto& n : project.nodes)
      if (!n.paused) names.push_back(n.name);
  if (o.downstream) names = WithDescendants(project, names);
  std::vector<const Node*> plan = PlanRun(project, names);
  // Checked before the state database is opened, so a refused backfill
  // leaves nothing behind; again if --forward extends the range.
  BackfillSize size = RequireYesIfLarge(plan, from, to, o.yes);
  StateStore store(project.root / ".strata" / "state.db");
  if (CivilTime end = ExtendPastLaterCycles(store, plan, from, to, o.forward); end != to) {
    to = end;
    size = RequireYesIfLarge(plan, from, to, o.yes);
  }
  WarnCurrentStateReads(plan, from);
  std::cout << "backfill " << plan.size() << " nodes from " << from.FormatYmd() << " to "
            << to.FormatYmd() << ": " << size.dates << " dates, " << size.instances
            << " instances, " << o.parallel << " at a time\n";
  // Each date's instances are created as the run reaches it, a few dates
  // ahead of the ones running, so progress shows from the start.
  CivilTime next = from;
  int64_t index = 0;
  size_t window = 2 * static_cast<size_t>(o.parallel) * std::max<size_t>(plan.size(), 1);
  // A scheduler running meanwhile (serve) keeps to --parallel for these too.
  OperationsStore operations(project.root / ".strata" / "state.db");
  int64_t group = 0;
  auto feed = [&](InstanceExecutor& executor, bool idle) {
    while (next <= to && (idle || static_cast<size_t>(executor.pending_count()) < window)) {
      auto ids = ResetForRun(store, EnsureInstances(store, plan, next, next), !o.nodes.empty());
      group = operations.LimitParallel(ids, o.parallel, group);
      for (int64_t id : ids) executor.Track(id);
      std::cout << "[" << ++index << "/" << size.dates << "] bizdate " << next.FormatYmd() << ": "
                << ids.size() << " instances" << std::endl;
      next = next.AddDays(1);
      idle = false;
    }
    return next <= to;
  };
  ExecutorOptions options;
  options.max_parallel = o.parallel;
  options.force = o.force;
  return ExecuteInstances(project, {}, options, std::cout, feed);
}

int RerunCommand(const RerunOptions& o) {
  Project project = LoadProject(o.project_dir);
  CivilTime date = ParseDateFlag("--date", o.date);
  std::vector<std::string> names = ExpandSelectors(project, o.nodes);
  if (o.downstream) names = WithDescendants(project, names);
  std::vector<const Node*> plan = PlanRun(project, names);
  StateStore store(project.root / ".strata" / "state.db");
  auto planned =
      EnsureInstances(store, plan, date, ExtendPastLaterCycles(store, plan, date, date, o.forward));
  ExecutorOptions options;
  options.echo_logs = true;
  options.force = o.force;
  return ExecuteInstances(project, ResetForRun(store, planned, true), options, std::cout);
}

}  // namespace strata::cli
