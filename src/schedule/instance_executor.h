#pragma once
// InstanceExecutor runs node instances from the state database: each when
// its upstream instances have succeeded (same cycle: the upstream's instances
// of the same business date; previous cycle: the instance of the cycle the
// node's schedule had just before, which blocks while it is missing unless
// the node has no earlier instance at all), at most `max_parallel` at once, each on its own thread
// with its own Warehouse, each attempt logged to .strata/logs/. It claims an instance before
// running it, so no other process runs it at the same time; a failed attempt is retried after the
// node's retry_interval while retries remain. Instances a backfill put in a
// group (OperationsStore::LimitParallel) run at most that group's
// parallelism at once, whichever executors run them; an attempt an operator
// stopped (OperationsStore::RequestStop) fails without a retry.
//
// Only instances this executor tracks (or, with scope_all, every instance in
// the database) hold others back. The executor's own methods are called
// from one thread; the workers report back through a queue.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "quality/quality_gate.h"
#include "schedule/operations_store.h"
#include "schedule/project.h"
#include "schedule/state_store.h"
#include "sync/sync_task.h"

namespace strata {

// Live progress of an instance's sync or SQL node (about once a second);
// `progress` is null once the attempt ends. Called from worker threads.
using InstanceProgress = std::function<void(const Instance& inst, const SyncProgress* progress)>;

struct ExecutorOptions {
  int max_parallel = 1;
  bool wait_for_scheduled_time = false;  // serve: not before the instance's scheduled time
  bool scope_all = false;                // serve: every instance in the database is an upstream
  bool echo_logs = false;                // print each attempt's log to `out` as it is written
  std::ostream* out = nullptr;           // one line per start (unless echoed) and finish
  bool brief_failures = false;  // a final failure's line omits the cause (the caller prints it)
  InstanceProgress progress;    // live node progress, e.g. on a terminal
  bool force = false;           // a merge may run a date older than its table's (--force)
  bool honor_pauses = false;    // serve: a node paused by an operator (OperationsStore) waits
};

struct InstanceOutcome {
  Instance instance;
  std::string message;
};

class InstanceExecutor {
 public:
  InstanceExecutor(const Project& project, ExecutorOptions options);
  ~InstanceExecutor();

  StateStore& store() { return store_; }
  // Adds an instance (already in the database) to the work; twice is harmless.
  void Track(int64_t id);
  // Starts every tracked instance that may start now; returns how many did.
  int StartReady();
  // Waits until a running instance finishes or `deadline` passes (with a
  // fixed clock and nothing running, the clock jumps to `deadline` unless
  // `advance_fixed_clock` is false; then it waits a real second at most).
  void WaitUntil(int64_t deadline, bool advance_fixed_clock = true);
  // The earliest time a tracked instance waits for (retry or scheduled time).
  std::optional<int64_t> NextWakeup();
  int running() const { return static_cast<int>(workers_.size()); }
  bool pending() const { return !pending_.empty(); }

  int pending_count() const { return static_cast<int>(pending_.size()); }

  // Runs until every tracked instance has finished or can never start;
  // returns the finished ones and, for the rest, why they did not run.
  // `feed`, if given, is asked for more work before each round, so a caller
  // can Track instances as the run proceeds instead of all up front: with
  // `idle` true nothing else can start, so it must Track something or return
  // false; it returns false once it has nothing more to add.
  std::vector<InstanceOutcome> RunAll(const std::function<bool(bool idle)>& feed = {});
  // Finished instances since the last call.
  std::vector<InstanceOutcome> TakeFinished();

  // Why `inst` cannot start now ("" when it can).
  std::string Blocker(const Instance& inst, int64_t now);

 private:
  struct Done {
    Instance instance;
    std::string error;     // empty: succeeded
    std::string warning;   // weak quality rules that failed; kept as a success's message
    bool stopped = false;  // an operator stopped it: no retry
  };
  // Says once that `inst` runs in another live process, so a wait for it is
  // never silent.
  void AnnounceWait(const Instance& inst);
  void Launch(const Instance& inst);
  void Work(Instance inst, std::vector<int> unfinished);
  void SaveChecks(const Instance& inst, const std::vector<CheckResult>& checks, Done& done);
  void Collect();
  void Record(const Done& done);
  std::string PreviousCycleBlocker(const Instance& inst, const std::string& name,
                                   const std::function<std::string(const Instance&)>& check);
  bool InScope(int64_t id) const { return options_.scope_all || tracked_.count(id) > 0; }
  std::vector<Instance> InstancesOf(const std::string& node);

  const Project& project_;
  ExecutorOptions options_;
  StateStore store_;
  std::optional<OperationsStore> operations_;  // pauses (with honor_pauses), run limits
  std::string owner_;
  std::set<int64_t> tracked_;
  std::set<int64_t> pending_;
  std::set<int64_t> announced_;  // AnnounceWait said so already
  std::map<int64_t, std::thread> workers_;
  std::map<std::string, std::vector<Instance>> snapshot_;  // per tick
  std::set<std::string> paused_;                           // per tick, with honor_pauses
  std::vector<InstanceOutcome> finished_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Done> done_;
};

// Puts `lines` (an attempt's log) through `out` under one lock, so parallel
// attempts do not interleave.
void PrintBlock(std::ostream& out, const std::string& lines);
// Runs `fn` under PrintBlock's lock (to draw on the terminal between blocks).
void WithPrintLock(const std::function<void()>& fn);
// `fn` runs under that lock before each block is printed (a terminal's
// progress lines erase themselves so the block does not mix with them);
// empty to stop.
void SetBeforePrint(std::function<void()> fn);

}  // namespace strata
