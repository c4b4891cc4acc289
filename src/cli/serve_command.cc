// strata serve: the scheduler service; strata lifecycle: reclaim expired
// partitions and prune old logs on demand.

#include <signal.h>

#include <atomic>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/error.h"
#include "schedule/capture_service.h"
#include "schedule/log_retention.h"
#include "schedule/scheduler_service.h"
#include "server/ui_server.h"
#include "warehouse/lifecycle/lifecycle_reclaimer.h"
#include "warehouse/warehouse.h"

namespace strata::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) {
  g_stop.store(true);
}

void PruneOldLogs(const Project& project, bool dry_run) {
  std::filesystem::path state = project.root / ".strata" / "state.db";
  if (!std::filesystem::exists(state)) return;  // nothing ran yet; a dry run creates nothing
  StateStore store(state);
  PrunedLogs pruned = PruneLogs(project, store, Clock::Now(), dry_run);
  for (const auto& f : pruned.files)
    std::cout << (dry_run ? "would remove " : "removed ")
              << std::filesystem::relative(f, project.root).string() << "\n";
  std::cout << pruned.files.size() << " log files older than " << project.log_retention_days
            << " days " << (dry_run ? "would be removed" : "removed") << "\n";
  if (!dry_run) std::cout << pruned.attempts << " attempt records pruned\n";
}

}  // namespace

int ServeCommand(const ServeOptionsCli& o) {
  Project project = LoadProject(o.project_dir);
  ServeOptions options;
  options.out = &std::cout;
  if (o.until) {
    auto t = ParseLocalDateTime(*o.until);
    if (!t) throw Error("--until '" + *o.until + "' is not a time like 2016-12-15T00:00:00");
    options.until = FromLocal(*t);
  }
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::cout << "[" << FormatLocal(Clock::Now()) << "] serving " << project.name << " ("
            << project.nodes.size() << " nodes, max_parallel " << project.max_parallel
            << (Clock::IsFixed() ? ", simulated clock" : "") << ")" << std::endl;
  std::unique_ptr<UiServer> page;
  if (o.page.http) {
    page = StartPage(project, o.page, true);
    options.hold_clock = true;  // with STRATA_NOW the page, not the clock, drives the work
  }
  SchedulerService service(project, options);
  // Reads the logs of capture: log nodes between their runs, on its own thread.
  CaptureService capture(project, &std::cout);
  capture.Start();
  service.Run(g_stop);
  capture.Stop();
  if (page) page->Stop();
  std::cout << "[" << FormatLocal(Clock::Now()) << "] stopped" << std::endl;
  return 0;
}

int LifecycleCommand(const std::filesystem::path& dir, bool dry_run) {
  Project project = LoadProject(dir);
  Warehouse wh(project.warehouse, {project.name});
  auto reclaimed = ReclaimExpired(wh, project.lifecycles, Clock::Now(), dry_run);
  for (const auto& r : reclaimed)
    std::cout << (dry_run ? "would drop " : "dropped ") << r.table
              << (r.spec.empty() ? "" : " partition " + r.spec) << " (last modified "
              << r.modified_at << ", lifecycle " << r.lifecycle_days << " days)\n";
  std::cout << reclaimed.size()
            << (dry_run ? " partitions would be reclaimed\n" : " partitions reclaimed\n");
  PruneOldLogs(project, dry_run);
  return 0;
}

}  // namespace strata::cli
