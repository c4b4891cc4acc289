// strata run: the chosen nodes for one business date, upstream first, as
// recorded instances. A node whose upstream failed does not run; the exit
// status is 1 if anything failed.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/progress_board.h"
#include "core/clock.h"
#include "core/error.h"
#include "schedule/dag.h"
#include "schedule/instance_planner.h"

namespace strata::cli {

CivilTime ParseDateFlag(const std::string& flag, const std::string& value) {
  auto d = CivilTime::ParseYmd(value);
  if (d) return *d;
  bool digits = value.size() == 8 && value.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) throw UsageError(flag + " '" + value + "' is not a date in the form YYYYMMDD");
  int year = std::stoi(value.substr(0, 4)), month = std::stoi(value.substr(4, 2));
  std::string why =
      month < 1 || month > 12 ? fmt::format("there is no month {:02}", month)
      : year < 1              ? std::string("years start at 0001")
                 : fmt::format("{:04}-{:02} has {} days", year, month, DaysInMonth(year, month));
  throw UsageError(flag + " '" + value + "' is not a calendar date: " + why);
}

void CheckDateRange(const CivilTime& from, const CivilTime& to) {
  if (to < from)
    throw UsageError("--from " + from.FormatYmd() + " is after --to " + to.FormatYmd());
}

CivilTime ResolveBizdate(const std::optional<std::string>& date) {
  if (date) return ParseDateFlag("--date", *date);
  return CurrentBizdate();
}

int ExecuteInstances(const Project& project, const std::vector<int64_t>& ids,
                     ExecutorOptions options, std::ostream& out, const InstanceFeed& feed) {
  std::optional<ProgressBoard> board;
  if (isatty(STDERR_FILENO)) options.progress = board.emplace(std::cerr).Callback();
  options.out = &out;
  options.brief_failures = true;  // the causes go to stderr below, once
  InstanceExecutor executor(project, options);
  for (int64_t id : ids) executor.Track(id);
  int ok = 0, total = 0;
  std::vector<std::string> failures;
  std::function<bool(bool)> more;
  if (feed) more = [&](bool idle) { return feed(executor, idle); };
  for (const auto& o : executor.RunAll(more)) {
    ++total;
    if (o.instance.state == InstanceState::kSucceeded ||
        o.instance.state == InstanceState::kSkipped)
      ++ok;
    else if (o.instance.state == InstanceState::kWaiting)
      out << o.instance.node << " bizdate " << o.instance.bizdate << ": " << o.message << "\n";
    else
      failures.push_back(o.message);
  }
  out << ok << " of " << total << " instances succeeded\n";
  out.flush();
  // The cause of each failure, one line each, where scripts look for it.
  for (const auto& f : failures) std::cerr << "strata: " << f << "\n";
  return ok == total ? 0 : 1;
}

int RunNodesForDate(const Project& project, const std::vector<std::string>& nodes,
                    const CivilTime& bizdate, std::ostream& out, bool forward, bool unfinished_only,
                    bool force) {
  std::vector<const Node*> plan = PlanRun(project, nodes);
  StateStore store(project.root / ".strata" / "state.db");
  CivilTime to = ExtendPastLaterCycles(store, plan, bizdate, bizdate, forward);
  auto planned = EnsureInstances(store, plan, bizdate, to);
  if (unfinished_only)
    std::erase_if(planned, [](const PlannedInstance& p) {
      return p.instance.state == InstanceState::kSucceeded ||
             p.instance.state == InstanceState::kSkipped;
    });
  ExecutorOptions options;
  options.echo_logs = true;
  options.force = force;
  return ExecuteInstances(project, ResetForRun(store, planned, !nodes.empty()), options, out);
}

int RunCommand(const RunOptions& options) {
  Project project = LoadProject(options.project_dir);
  CivilTime bizdate = ResolveBizdate(options.date);
  return RunNodesForDate(project, ExpandSelectors(project, options.nodes), bizdate, std::cout,
                         options.forward, options.failed, options.force);
}

}  // namespace strata::cli
