// strata status: a node x business date grid of instance states; strata log:
// the log of one node's instances on one date.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/result_printer.h"
#include "core/clock.h"
#include "core/error.h"
#include "schedule/capture_lag.h"
#include "schedule/check_results.h"
#include "schedule/dag.h"
#include "schedule/operations_store.h"
#include "schedule/shown_states.h"
#include "schedule/state_store.h"
#include "server/state_queries.h"

namespace strata::cli {
namespace {

const char* Color(const std::string& state) {
  if (state == "succeeded") return "\033[32m";
  if (state == "failed" || state == "interrupted") return "\033[31m";
  if (state == "running") return "\033[33m";
  if (state == "waiting") return "\033[36m";
  if (state == "skipped" || state == "blocked") return "\033[90m";
  return "";
}

using Cells = InstanceCells;
using Checks = std::map<int64_t, std::vector<StoredCheckResult>>;

// The state of one grid cell: the least finished state among the node's
// instances that day, with a count when there are several (hourly nodes).
std::string Cell(const std::vector<Instance>& insts, const std::map<int64_t, std::string>& shown) {
  if (insts.empty()) return "not-run";
  static const char* kOrder[] = {"failed",  "interrupted", "running", "blocked",
                                 "waiting", "not-run",     "skipped", "succeeded"};
  for (const char* st : kOrder) {
    auto n =
        std::count_if(insts.begin(), insts.end(), [&](auto& i) { return shown.at(i.id) == st; });
    if (n == 0) continue;
    return insts.size() == 1
               ? std::string(st)
               : std::string(st) + " " + std::to_string(n) + "/" + std::to_string(insts.size());
  }
  return "?";
}

// The cell with the marker of its instances' quality rules ("succeeded !1").
std::string MarkedCell(const std::vector<Instance>& insts,
                       const std::map<int64_t, std::string>& shown, const Checks& checks) {
  std::vector<StoredCheckResult> all;
  for (const auto& i : insts)
    if (auto it = checks.find(i.id); it != checks.end())
      all.insert(all.end(), it->second.begin(), it->second.end());
  std::string marker = CheckMarker(all);
  return Cell(insts, shown) + (marker.empty() ? "" : " " + marker);
}

// Under the grid: every rule that did not pass, one line each.
void PrintCheckFailures(const Cells& cells, const Checks& checks) {
  std::string lines;
  for (const auto& [key, insts] : cells)
    for (const auto& i : insts)
      if (auto it = checks.find(i.id); it != checks.end())
        for (const auto& r : it->second)
          if (!r.result.passed)
            lines += i.node + " " + i.bizdate + ": " + FormatCheckResult(r.result) + "\n";
  if (lines.empty()) return;
  std::cout << "\nchecks that did not pass (x: strong, the instance failed; !: weak, a warning):\n"
            << lines;
}

// " (paused)" for a node paused in strata.yaml; " (paused by who at when)" for
// one an operator paused (the page's pause button).
std::string PausedNote(const Node& n, const std::map<std::string, PauseInfo>& paused) {
  auto it = paused.find(n.name);
  if (it != paused.end()) return "  (paused by " + it->second.by + " at " + it->second.at + ")";
  return n.paused ? "  (paused)" : "";
}

void PrintGrid(const Project& project, Cells& cells, const std::vector<std::string>& dates,
               const std::map<int64_t, std::string>& shown, const Checks& checks,
               const std::map<std::string, PauseInfo>& paused) {
  bool color = isatty(STDOUT_FILENO);
  size_t w0 = 4;
  for (const auto& n : project.nodes) w0 = std::max(w0, n.name.size());
  std::vector<size_t> w(dates.size(), 8);
  for (const auto& n : project.nodes)
    for (size_t c = 0; c < dates.size(); ++c)
      w[c] = std::max(w[c], MarkedCell(cells[{n.name, dates[c]}], shown, checks).size());
  std::cout << std::string("node") + std::string(w0 - 4, ' ');
  for (size_t c = 0; c < dates.size(); ++c)
    std::cout << "  " << dates[c] << std::string(w[c] - 8, ' ');
  std::cout << "\n";
  for (const auto& n : project.nodes) {
    std::cout << n.name << std::string(w0 - n.name.size(), ' ');
    for (size_t c = 0; c < dates.size(); ++c) {
      std::string cell = MarkedCell(cells[{n.name, dates[c]}], shown, checks);
      std::string state = cell.substr(0, cell.find(' '));
      std::cout << "  " << (color ? Color(state) : "") << cell << (color ? "\033[0m" : "")
                << std::string(w[c] - cell.size(), ' ');
    }
    std::cout << PausedNote(n, paused) << "\n";
  }
  PrintCheckFailures(cells, checks);
}

nlohmann::ordered_json ChecksJson(const Checks& checks, int64_t id) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  auto it = checks.find(id);
  if (it == checks.end()) return arr;
  for (const auto& s : it->second)
    arr.push_back({{"rule", s.result.rule},
                   {"level", CheckLevelName(s.result.level)},
                   {"table", s.result.table},
                   {"partition", s.result.partition},
                   {"passed", s.result.passed},
                   {"failing_rows", s.result.failing},
                   {"detail", s.result.detail}});
  return arr;
}

// One object per instance, in node (file) then date order.
void PrintJsonStates(const Project& project, const Cells& cells,
                     const std::vector<std::string>& dates,
                     const std::map<int64_t, std::string>& shown, const Checks& checks) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  auto text = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  for (const auto& n : project.nodes)
    for (const auto& d : dates) {
      auto it = cells.find({n.name, d});
      if (it == cells.end()) continue;
      for (const auto& i : it->second)
        arr.push_back({{"node", i.node},
                       {"bizdate", i.bizdate},
                       {"scheduled", i.scheduled_local},
                       {"state", shown.at(i.id)},
                       {"attempt", i.attempt},
                       {"started", text(i.started_at)},
                       {"ended", text(i.ended_at)},
                       {"message", text(i.message)},
                       {"checks", ChecksJson(checks, i.id)}});
    }
  std::cout << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// Each capture: log node's lag behind its source's log: under the grid
// (after a blank line), or alone with --captures (as JSON, the page's
// /api/captures objects).
void PrintCaptureLags(const Project& project, const std::string& format, bool under_grid) {
  const char* gap = under_grid ? "\n" : "";
  if (format == "json") {
    std::cout << StateQueries(project).Captures().dump(2) << "\n";
    return;
  }
  using namespace std::chrono;
  int64_t now = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  std::vector<CaptureLag> lags;
  try {
    lags = MeasureCaptureLags(project, now);
  } catch (const std::exception& e) {  // the catalog or state database: the grid stands
    std::cout << gap << "capture lag unknown: " << e.what() << "\n";
    return;
  }
  if (lags.empty()) return;
  std::cout << gap
            << "capture lag (node, change table, stored position, server log end, behind):\n";
  for (const CaptureLag& lag : lags) std::cout << FormatCaptureLag(lag) << "\n";
}

}  // namespace

int StatusCommand(const StatusOptions& o) {
  Project project = LoadProject(o.project_dir);
  if (o.captures) {
    if (o.date || o.from || o.to) throw UsageError("status --captures takes no dates");
    PrintCaptureLags(project, o.format, false);
    return 0;
  }
  CivilTime from, to;
  if (o.date) {
    from = to = ParseDateFlag("--date", *o.date);
  } else if (o.from || o.to) {
    if (!o.from || !o.to) throw UsageError("status takes --from and --to together");
    from = ParseDateFlag("--from", *o.from);
    to = ParseDateFlag("--to", *o.to);
    CheckDateRange(from, to);
  } else {
    to = ResolveBizdate(std::nullopt);
    from = to.AddDays(-6);
  }
  StateStore store(project.root / ".strata" / "state.db");
  // A process killed while running an instance left it `running`; say so.
  store.RecoverInterrupted(Clock::Now());
  Cells cells;
  for (auto& i : store.ForBizdates(from.FormatYmd(), to.FormatYmd()))
    cells[{i.node, i.bizdate}].push_back(i);
  std::vector<std::string> dates;
  for (CivilTime d = from; d <= to; d = d.AddDays(1)) dates.push_back(d.FormatYmd());
  auto shown = ShownStates(project, cells, dates);
  std::vector<int64_t> ids;
  for (const auto& [key, insts] : cells)
    for (const auto& i : insts) ids.push_back(i.id);
  Checks checks = CheckResultStore(project.root / ".strata" / "state.db").For(ids);
  if (o.format == "json")
    PrintJsonStates(project, cells, dates, shown, checks);
  else {
    PrintGrid(project, cells, dates, shown, checks,
              OperationsStore(project.root / ".strata" / "state.db").Paused());
    PrintCaptureLags(project, o.format, true);
  }
  return 0;
}

namespace {

// Prints `file` from byte `*offset` on and advances it.
void PrintFrom(const std::string& file, std::streamoff* offset) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return;
  in.seekg(*offset);
  std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  *offset += static_cast<std::streamoff>(chunk.size());
  std::cout << chunk << std::flush;
}

// Prints the log of instance `id` as it grows until the instance is neither
// running nor waiting for a retry; an instance whose process died counts as
// finished (it is recovered as status does).
int FollowLog(StateStore& store, int64_t id) {
  std::streamoff offset = 0;
  while (true) {
    store.RecoverInterrupted(Clock::Now());
    auto i = store.Get(id);
    if (!i) throw Error("instance " + std::to_string(id) + " vanished from the state database");
    bool live = i->state == InstanceState::kRunning ||
                (i->state == InstanceState::kWaiting && i->not_before > 0);
    PrintFrom(i->log_path, &offset);
    if (!live) {
      std::cout << "# " << i->node << " bizdate " << i->bizdate << ": " << StateName(i->state)
                << (i->message.empty() ? "" : ", " + i->message) << "\n";
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

int LogCommand(const LogOptions& o) {
  Project project = LoadProject(o.project_dir);
  if (!project.FindNode(o.node)) throw Error("unknown node '" + o.node + "'");
  std::string bizdate = ParseDateFlag("--date", o.date).FormatYmd();
  StateStore store(project.root / ".strata" / "state.db");
  std::vector<Instance> instances;
  for (auto& i : store.ForNode(o.node))
    if (i.bizdate == bizdate) instances.push_back(std::move(i));
  if (instances.empty())
    throw Error("node '" + o.node + "' has no instance for bizdate " + bizdate);
  if (o.follow) return FollowLog(store, instances.back().id);
  std::vector<int64_t> ids;
  for (const auto& i : instances) ids.push_back(i.id);
  Checks checks = CheckResultStore(project.root / ".strata" / "state.db").For(ids);
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& i : instances) {
    std::ifstream in(i.log_path);
    std::stringstream text;
    if (in)
      text << in.rdbuf();
    else if (!i.log_path.empty())
      text << "(log " << i.log_path
           << " removed: older than log_retention_days = " << project.log_retention_days << ")\n";
    if (o.format == "json") {
      arr.push_back({{"node", i.node},
                     {"bizdate", i.bizdate},
                     {"scheduled", i.scheduled_local},
                     {"state", StateName(i.state)},
                     {"attempt", i.attempt},
                     {"message", i.message},
                     {"checks", ChecksJson(checks, i.id)},
                     {"log", text.str()}});
      continue;
    }
    std::cout << "# " << i.node << " bizdate " << i.bizdate << " scheduled " << i.scheduled_local
              << ": " << StateName(i.state) << ", attempt " << i.attempt
              << (i.message.empty() ? "" : ", " + i.message) << "\n"
              << text.str();
  }
  if (o.format == "json")
    std::cout << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace strata::cli
