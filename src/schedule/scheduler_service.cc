#include "schedule/scheduler_service.h"

#include <algorithm>

#include "core/clock.h"
#include "schedule/instance_planner.h"
#include "schedule/log_retention.h"
#include "warehouse/lifecycle/lifecycle_reclaimer.h"
#include "warehouse/warehouse.h"

namespace strata {
namespace {

constexpr const char* kCursorKey = "serve.next_bizdate";

ExecutorOptions Options(const Project& project, std::ostream* out) {
  ExecutorOptions o;
  o.honor_pauses = true;
  o.max_parallel = project.max_parallel;
  o.wait_for_scheduled_time = true;
  o.scope_all = true;
  o.out = out;
  return o;
}

}  // namespace

SchedulerService::SchedulerService(const Project& project, ServeOptions options)
    : project_(project), options_(options), executor_(project, Options(project, options.out)) {
  AdoptWaiting(Clock::Now());
  CivilTime yesterday = CurrentBizdate();
  auto saved = executor_.store().Meta(kCursorKey);
  cursor_ = saved ? CivilTime::ParseYmd(*saved).value_or(yesterday) : yesterday;
  if (!project.catchup && cursor_ < yesterday) cursor_ = yesterday;
}

int64_t SchedulerService::NextDayStart() const {
  return FromLocal(cursor_.AddDays(1));
}

void SchedulerService::CreateDueCycles(int64_t now) {
  std::vector<const Node*> nodes;
  for (const auto& n : project_.nodes)
    if (!n.paused) nodes.push_back(&n);
  while (NextDayStart() <= now) {
    for (const auto& p : EnsureInstances(executor_.store(), nodes, cursor_, cursor_))
      if (p.instance.state == InstanceState::kWaiting) executor_.Track(p.instance.id);
    if (options_.out)
      PrintBlock(*options_.out, "[" + FormatLocal(now) + "] created the instances of bizdate " +
                                    cursor_.FormatYmd() + "\n");
    cursor_ = cursor_.AddDays(1);
    executor_.store().SetMeta(kCursorKey, cursor_.FormatYmd());
  }
}

void SchedulerService::AdoptWaiting(int64_t now) {
  // Another serve on this project may have died mid-instance, or stopped with
  // retries pending: its instances are this one's to run now.
  executor_.store().RecoverInterrupted(now);
  for (const auto& inst : executor_.store().InState(InstanceState::kWaiting))
    executor_.Track(inst.id);  // a no-op for those tracked already
}

void SchedulerService::ApplyLifecycle(int64_t now) {
  Warehouse wh(project_.warehouse, {project_.name});
  for (const auto& r : ReclaimExpired(wh, project_.lifecycles, now, false))
    if (options_.out)
      PrintBlock(*options_.out, "[" + FormatLocal(now) + "] lifecycle " +
                                    std::to_string(r.lifecycle_days) + " days: dropped " + r.table +
                                    (r.spec.empty() ? "" : " partition " + r.spec) +
                                    " (last modified " + r.modified_at + ")\n");
  PrunedLogs pruned = PruneLogs(project_, executor_.store(), now, false);
  if (options_.out && (!pruned.files.empty() || pruned.attempts > 0))
    PrintBlock(*options_.out, "[" + FormatLocal(now) + "] log retention " +
                                  std::to_string(project_.log_retention_days) + " days: removed " +
                                  std::to_string(pruned.files.size()) + " log files and " +
                                  std::to_string(pruned.attempts) + " attempt records\n");
}

void SchedulerService::Run(const std::atomic<bool>& stop) {
  while (true) {
    int64_t now = Clock::Now();
    bool ending = stop.load() || (options_.until && now >= *options_.until);
    // Collect what finished before starting anything, so whatever it unblocked
    // starts in this same pass and a fixed clock never jumps past it.
    bool finished_some = !executor_.TakeFinished().empty();
    if (finished_some && executor_.running() == 0) ApplyLifecycle(now);
    if (!ending) {
      CreateDueCycles(now);
      AdoptWaiting(now);
      executor_.StartReady();
    }
    if (ending && executor_.running() == 0) break;
    int64_t next = std::min(executor_.NextWakeup().value_or(NextDayStart()), NextDayStart());
    if (options_.until) next = std::min(next, *options_.until);
    executor_.WaitUntil(std::max(next, now + (ending ? 1 : 0)), !options_.hold_clock);
  }
}

}  // namespace strata
