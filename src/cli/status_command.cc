// strata status: a node x business date grid of instance states; strata log:
// the log of one node's instances on one date.

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/result_printer.h"
#include "core/error.h"
#include "schedule/state_store.h"

namespace strata::cli {
namespace {

const char* Color(const std::string& state) {
  if (state == "succeeded") return "\033[32m";
  if (state == "failed") return "\033[31m";
  if (state == "running") return "\033[33m";
  if (state == "waiting") return "\033[36m";
  if (state == "skipped") return "\033[90m";
  return "";
}

// The state of one grid cell: the least finished state among the node's
// instances that day, with a count when there are several (hourly nodes).
std::string Cell(const std::vector<Instance>& insts) {
  if (insts.empty()) return "not-run";
  static const InstanceState kOrder[] = {InstanceState::kFailed,  InstanceState::kRunning,
                                         InstanceState::kWaiting, InstanceState::kNotRun,
                                         InstanceState::kSkipped, InstanceState::kSucceeded};
  for (auto st : kOrder) {
    auto n = std::count_if(insts.begin(), insts.end(), [&](auto& i) { return i.state == st; });
    if (n == 0) continue;
    std::string name = StateName(st);
    return insts.size() == 1 ? name
                             : name + " " + std::to_string(n) + "/" + std::to_string(insts.size());
  }
  return "?";
}

}  // namespace

int StatusCommand(const StatusOptions& o) {
  Project project = LoadProject(o.project_dir);
  CivilTime from, to;
  if (o.date) {
    from = to = ParseDateFlag("--date", *o.date);
  } else if (o.from || o.to) {
    if (!o.from || !o.to) throw Error("status takes --from and --to together");
    from = ParseDateFlag("--from", *o.from);
    to = ParseDateFlag("--to", *o.to);
  } else {
    to = ResolveBizdate(std::nullopt);
    from = to.AddDays(-6);
  }
  StateStore store(project.root / ".strata" / "state.db");
  std::map<std::pair<std::string, std::string>, std::vector<Instance>> cells;
  for (auto& i : store.ForBizdates(from.FormatYmd(), to.FormatYmd()))
    cells[{i.node, i.bizdate}].push_back(i);
  std::vector<std::string> dates;
  for (CivilTime d = from; d <= to; d = d.AddDays(1)) dates.push_back(d.FormatYmd());
  bool color = isatty(STDOUT_FILENO);
  size_t w0 = 4;
  for (const auto& n : project.nodes) w0 = std::max(w0, n.name.size());
  std::vector<size_t> w(dates.size(), 8);
  for (const auto& n : project.nodes)
    for (size_t c = 0; c < dates.size(); ++c)
      w[c] = std::max(w[c], Cell(cells[{n.name, dates[c]}]).size());
  std::cout << std::string("node") + std::string(w0 - 4, ' ');
  for (size_t c = 0; c < dates.size(); ++c)
    std::cout << "  " << dates[c] << std::string(w[c] - 8, ' ');
  std::cout << "\n";
  for (const auto& n : project.nodes) {
    std::cout << n.name << std::string(w0 - n.name.size(), ' ');
    for (size_t c = 0; c < dates.size(); ++c) {
      std::string cell = Cell(cells[{n.name, dates[c]}]);
      std::string state = cell.substr(0, cell.find(' '));
      std::cout << "  " << (color ? Color(state) : "") << cell << (color ? "\033[0m" : "")
                << std::string(w[c] - cell.size(), ' ');
    }
    std::cout << (n.paused ? "  (paused)" : "") << "\n";
  }
  return 0;
}

int LogCommand(const std::filesystem::path& dir, const std::string& node, const std::string& date) {
  Project project = LoadProject(dir);
  if (!project.FindNode(node)) throw Error("unknown node '" + node + "'");
  std::string bizdate = ParseDateFlag("--date", date).FormatYmd();
  StateStore store(project.root / ".strata" / "state.db");
  int shown = 0;
  for (const auto& i : store.ForNode(node)) {
    if (i.bizdate != bizdate) continue;
    std::cout << "# " << i.node << " bizdate " << i.bizdate << " scheduled " << i.scheduled_local
              << ": " << StateName(i.state) << ", attempt " << i.attempt
              << (i.message.empty() ? "" : ", " + i.message) << "\n";
    std::ifstream in(i.log_path);
    if (in)
      std::cout << in.rdbuf();
    else if (!i.log_path.empty())
      std::cout << "(log " << i.log_path
                << " removed: older than log_retention_days = " << project.log_retention_days
                << ")\n";
    ++shown;
  }
  if (shown == 0) throw Error("node '" + node + "' has no instance for bizdate " + bizdate);
  return 0;
}

}  // namespace strata::cli
