#pragma once
// ActionService carries out the page's actions with the same planning the
// CLI uses (instance_planner.h, dag.h): run / rerun a node (optionally with
// its descendants) for a date, backfill a date range, set an instance's
// state by hand (success, or stopped while it waits), pause and resume a
// node. Each action is validated first (unknown node, bad date, a range over
// kMaxBackfillDays: ActionError with status 400/404/409 and nothing changed)
// and then recorded in the state database with who and when
// (OperationsStore).
//
// Who runs the instances: with a scheduler in this process (`strata serve
// --http`) the action only puts them to waiting and the scheduler, which
// adopts every waiting instance each second, starts them; without one
// (`strata ui`) the service starts an InstanceExecutor on a thread of its own
// per action, as `strata run` would. Thread-safe: every call opens its own
// connections; the destructor waits for the runs it started.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "schedule/project.h"

namespace strata {

constexpr int64_t kMaxBackfillDays = 3660;

struct ActionError : std::runtime_error {
  ActionError(int status_, const std::string& message)
      : std::runtime_error(message), status(status_) {}
  int status;
};

struct RunRequest {
  std::string node;
  std::string from, to;  // yyyymmdd; a run or rerun has from == to
  bool descendants = false;
  bool forward = false;  // also every later cycle of a self-dependent node
  int parallel = 1;
};

class ActionService {
 public:
  ActionService(const Project& project, bool scheduler_in_process);
  ~ActionService();

  // Returns the instance ids put to waiting.
  std::vector<int64_t> Run(const RunRequest& request, const std::string& who);
  void SetSuccess(int64_t id, const std::string& who);
  // A waiting instance fails at once (returns true); for a running one the
  // stop is requested from the process running it (returns false: it
  // fails within about a second, without a retry).
  bool Stop(int64_t id, const std::string& who);
  void Pause(const std::string& node, const std::string& who);
  void Resume(const std::string& node, const std::string& who);

 private:
  const Node& RequireNode(const std::string& name) const;
  void Execute(std::vector<int64_t> ids, int parallel);

  const Project& project_;
  bool scheduler_in_process_;
  std::mutex mu_;
  std::vector<std::thread> runs_;
};

// Parses a yyyymmdd business date; ActionError 400 naming `what` and the value.
std::string RequireDate(const std::string& what, const std::string& value);

}  // namespace strata
