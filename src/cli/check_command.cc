// strata check: the project loads and every node could run, without running
// anything; with --connect, every connection opens and every source table
// is there.

#include <iostream>

#include "cli/commands.h"
#include "schedule/project_check.h"

namespace strata::cli {

int CheckCommand(const std::filesystem::path& project_dir, bool connect) {
  Project project = LoadProject(project_dir);
  CheckProject(project);
  std::cout << "ok: project " << project.name << ", " << project.nodes.size() << " nodes, "
            << project.connections.size() << " connections\n";
  if (!connect) return 0;
  int failed = 0;
  for (const ConnectResult& r : CheckConnections(project)) {
    failed += !r.error.empty();
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
