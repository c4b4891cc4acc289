// strata run: every chosen node for one business date, upstream first. A node
// whose upstream failed is skipped; the exit status is 1 if anything failed.

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "core/error.h"
#include "schedule/dag.h"
#include "schedule/node_runner.h"
#include "schedule/project.h"

namespace strata::cli {
namespace {

void ShowProgress(const SyncProgress& p) {
  std::cerr << fmt::format("\r  {:>12} records read, {} dirty, {:.0f} records/s   ", p.read,
                           p.dirty, p.read / std::max(p.seconds, 1e-6))
            << std::flush;
}

}  // namespace

CivilTime ResolveBizdate(const std::optional<std::string>& date) {
  if (date) {
    auto d = CivilTime::ParseYmd(*date);
    if (!d) throw Error("--date '" + *date + "' is not a date in the form YYYYMMDD");
    return *d;
  }
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return CivilTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}.AddDays(-1);
}

int RunCommand(const RunOptions& options) {
  Project project = LoadProject(options.project_dir);
  CivilTime bizdate = ResolveBizdate(options.date);
  std::vector<const Node*> plan = PlanRun(project, options.nodes);
  Warehouse warehouse(project.warehouse);
  NodeRunner runner(project, &warehouse, &std::cout);
  if (isatty(STDERR_FILENO))
    runner.SetProgress([](const SyncProgress& p) { ShowProgress(p); });
  runner.ApplyTableDdl();
  std::set<std::string> broken;  // failed or skipped
  int ok = 0;
  for (const Node* node : plan) {
    auto up = std::find_if(node->depends_on.begin(), node->depends_on.end(),
                           [&](const std::string& d) { return broken.count(d) > 0; });
    if (up != node->depends_on.end()) {
      std::cout << "skip " << node->name << ": upstream '" << *up << "' did not succeed\n";
      broken.insert(node->name);
      continue;
    }
    std::cout << "== " << node->name << " (bizdate " << bizdate.FormatYmd() << ")\n";
    try {
      runner.Run(*node, bizdate);
      ++ok;
    } catch (const Error& e) {
      std::cout.flush();
      std::cerr << "strata: " << e.what() << "\n";
      broken.insert(node->name);
    }
  }
  std::cout << ok << " of " << plan.size() << " nodes succeeded for bizdate "
            << bizdate.FormatYmd() << "\n";
  return broken.empty() ? 0 : 1;
}

}  // namespace strata::cli
