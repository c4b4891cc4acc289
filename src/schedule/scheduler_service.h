#pragma once
// SchedulerService is `strata serve`: it creates each day's instances when
// the day begins (every cycle since it last ran, with catchup), starts each
// instance once its scheduled time has come and its upstreams succeeded (at
// most the project's max_parallel at once), retries per node policy, applies
// table lifecycles after each cycle, and survives restarts: instances left
// running by a dead process go back to waiting and run again. It stops when
// asked (SIGTERM) or at `until`, after the running instances finish.
// Two serves on one project share the work: each claims what is ready, so
// every instance runs once, and each takes over what the other left waiting
// or, dying, running.
// Time comes from Clock: with a fixed clock it jumps from event to event, so
// tests run a month of cycles in seconds. One per process.

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>

#include "schedule/instance_executor.h"
#include "schedule/project.h"

namespace strata {

struct ServeOptions {
  std::optional<int64_t> until;  // Unix seconds; stop there (exclusive)
  std::ostream* out = nullptr;
  // A fixed clock stays where it is: the service waits in real time instead
  // of jumping from event to event (serve --http with STRATA_NOW: the page
  // drives the work).
  bool hold_clock = false;
};

class SchedulerService {
 public:
  SchedulerService(const Project& project, ServeOptions options);
  // Runs until `stop` becomes true or `until` is reached.
  void Run(const std::atomic<bool>& stop);

 private:
  void CreateDueCycles(int64_t now);
  // Tracks every waiting instance, including those a dead process left running.
  void AdoptWaiting(int64_t now);
  int64_t NextDayStart() const;
  void ApplyLifecycle(int64_t now);

  const Project& project_;
  ServeOptions options_;
  InstanceExecutor executor_;
  CivilTime cursor_;  // the next business date whose instances are to be created
};

}  // namespace strata
