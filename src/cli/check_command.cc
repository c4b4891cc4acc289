// strata check: the project loads and every node could run, without running
// anything, its parameters rendered for the business date a run started now
// gets (and the output says which); with --connect, every connection a node
// uses opens and every source table is there. A connection no node uses is
// a warning, not a failure.

#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "schedule/project_check.h"

namespace strata::cli {

int CheckCommand(const std::filesystem::path& project_dir, bool connect) {
  Project project = LoadProject(project_dir);
  CivilTime bizdate = CurrentBizdate();  // after loading: the project's time zone
  CheckProject(project, bizdate);
  std::cout << "ok: project " << project.name << ", " << project.nodes.size() << " nodes, "
            << project.connections.size() << " connections; parameters rendered for bizdate "
            << bizdate.FormatYmd() << " (a run started now)\n";
  if (!connect) return 0;
  int failed = 0;
  for (const ConnectResult& r : CheckConnections(project, bizdate)) {
    failed += !r.error.empty();
    if (!r.warning.empty())
      std::cout << "warn  " << r.what << ": " << r.warning << "\n";
    else
      std::cout << (r.error.empty() ? "ok    " : "FAIL  ") << r.what
                << (r.error.empty() ? "" : ": " + r.error) << "\n";
  }
  return failed == 0 ? 0 : 1;
}

std::filesystem::path FindProjectDir(const std::filesystem::path& start) {
  std::filesystem::path dir = std::filesystem::absolute(start).lexically_normal();
  for (std::filesystem::path up = dir; !up.empty(); up = up.parent_path()) {
    if (std::filesystem::exists(up / kProjectFile)) return up;
    if (up == up.root_path()) break;
  }
  return start;  // LoadProject says there is no strata.yaml here
}

}  // namespace strata::cli
