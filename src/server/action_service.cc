#include "server/action_service.h"

#include "core/clock.h"
#include "core/error.h"
#include "schedule/dag.h"
#include "schedule/instance_executor.h"
#include "schedule/instance_planner.h"
#include "schedule/operations_store.h"
#include "schedule/state_store.h"

namespace strata {
namespace {

std::filesystem::path StateFile(const Project& project) {
  return project.root / ".strata" / "state.db";
}

}  // namespace

std::string RequireDate(const std::string& what, const std::string& value) {
  auto d = CivilTime::ParseYmd(value);
  if (!d) throw ActionError(400, what + " '" + value + "' is not a date in the form YYYYMMDD");
  return d->FormatYmd();
}

ActionService::ActionService(const Project& project, bool scheduler_in_process)
    : project_(project), scheduler_in_process_(scheduler_in_process) {}

ActionService::~ActionService() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& t : runs_) t.join();
}

const Node& ActionService::RequireNode(const std::string& name) const {
  const Node* node = project_.FindNode(name);
  if (!node) throw ActionError(404, "unknown node '" + name + "'");
  return *node;
}

std::vector<int64_t> ActionService::Run(const RunRequest& r, const std::string& who) {
  RequireNode(r.node);
  CivilTime from = *CivilTime::ParseYmd(RequireDate("from", r.from));
  CivilTime to = *CivilTime::ParseYmd(RequireDate("to", r.to));
  if (to < from) throw ActionError(400, "from " + r.from + " is after to " + r.to);
  int64_t days = to.ToDays() - from.ToDays() + 1;
  if (days > kMaxBackfillDays)
    throw ActionError(400, "a range of " + std::to_string(days) + " days is more than " +
                               std::to_string(kMaxBackfillDays) + "; backfill it in parts");
  if (r.parallel < 1 || r.parallel > 64)
    throw ActionError(400, "parallel " + std::to_string(r.parallel) + " is not in 1..64");
  std::vector<std::string> names{r.node};
  if (r.descendants) names = WithDescendants(project_, names);
  std::vector<const Node*> plan = PlanRun(project_, names);
  StateStore store(StateFile(project_));
  CivilTime end;
  try {
    end = ExtendPastLaterCycles(store, plan, from, to, r.forward);
  } catch (const Error& e) {
    throw ActionError(409, e.what());
  }
  std::vector<int64_t> ids = ResetForRun(store, EnsureInstances(store, plan, from, end), true);
  std::string detail = r.node + (r.descendants ? " with descendants" : "") + " " + r.from +
                       (r.to == r.from ? "" : ".." + r.to) + ": " + std::to_string(ids.size()) +
                       " instances";
  OperationsStore ops(StateFile(project_));
  // A backfill's parallelism binds whichever executor runs it (serve's too).
  if (r.from != r.to) ops.LimitParallel(ids, r.parallel);
  ops.Record(who, r.from == r.to ? "rerun" : "backfill", detail, Clock::Now());
  Execute(ids, r.parallel);
  return ids;
}

void ActionService::Execute(std::vector<int64_t> ids, int parallel) {
  if (scheduler_in_process_ || ids.empty()) return;  // the scheduler adopts waiting instances
  std::lock_guard<std::mutex> lock(mu_);
  runs_.emplace_back([this, ids = std::move(ids), parallel] {
    try {
      ExecutorOptions options;
      options.max_parallel = parallel;
      InstanceExecutor executor(project_, options);
      for (int64_t id : ids) executor.Track(id);
      executor.RunAll();
    } catch (const std::exception&) {
      // The instances keep the state they reached; the page shows it.
    }
  });
}

void ActionService::SetSuccess(int64_t id, const std::string& who) {
  StateStore store(StateFile(project_));
  auto inst = store.Get(id);
  if (!inst) throw ActionError(404, "no instance " + std::to_string(id));
  if (!store.SetByHand(id, InstanceState::kSucceeded, "set success by " + who))
    throw ActionError(409, "instance " + std::to_string(id) + " is running; stop it first");
  OperationsStore(StateFile(project_))
      .Record(who, "set-success", inst->node + " " + inst->bizdate, Clock::Now());
}

bool ActionService::Stop(int64_t id, const std::string& who) {
  StateStore store(StateFile(project_));
  auto inst = store.Get(id);
  if (!inst) throw ActionError(404, "no instance " + std::to_string(id));
  OperationsStore ops(StateFile(project_));
  if (inst->state == InstanceState::kRunning) {
    // The process running it (this one or another) polls for the request,
    // interrupts the attempt and records it failed; nothing it staged is published.
    ops.RequestStop(id, inst->attempt, who, Clock::Now());
    ops.Record(who, "stop", inst->node + " " + inst->bizdate + " (running)", Clock::Now());
    return false;
  }
  if (inst->state != InstanceState::kWaiting)
    throw ActionError(409, "instance " + std::to_string(id) + " is " + StateName(inst->state) +
                               "; only a waiting or running instance can be stopped");
  if (!store.SetByHand(id, InstanceState::kFailed, "stopped by " + who))
    return Stop(id, who);  // it started meanwhile: stop the run
  ops.Record(who, "stop", inst->node + " " + inst->bizdate, Clock::Now());
  return true;
}

void ActionService::Pause(const std::string& node, const std::string& who) {
  RequireNode(node);
  OperationsStore ops(StateFile(project_));
  ops.Pause(node, who, Clock::Now());
  ops.Record(who, "pause", node, Clock::Now());
}

void ActionService::Resume(const std::string& node, const std::string& who) {
  RequireNode(node);
  OperationsStore ops(StateFile(project_));
  ops.Resume(node);
  ops.Record(who, "resume", node, Clock::Now());
}

}  // namespace strata
