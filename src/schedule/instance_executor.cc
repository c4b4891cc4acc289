#include "schedule/instance_executor.h"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "core/clock.h"
#include "core/error.h"
#include "schedule/check_results.h"
#include "schedule/instance_log.h"
#include "schedule/node_runner.h"
#include "schedule/stop_request_watch.h"
#include "warehouse/warehouse.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

bool IsComplete(InstanceState s) {
  return s == InstanceState::kSucceeded || s == InstanceState::kSkipped;
}

std::mutex g_print_mu;
std::function<void()> g_before_print;  // guarded by g_print_mu

// Names one attempt of an instance in the warehouse's commit log; unique
// across the projects that may share a warehouse.
std::string AttemptTag(const Project& project, const Instance& inst, int attempt) {
  return project.name + "/" + inst.node + "@" + std::to_string(inst.scheduled) + "#" +
         std::to_string(attempt);
}

// The instance's log file; every attempt appends to it.
fs::path LogFile(const Project& project, const Instance& inst) {
  return project.root / ".strata" / "logs" / inst.node /
         (inst.bizdate + "_" + ToLocal(inst.scheduled).Format("hh24miss").value() + ".log");
}

}  // namespace

void PrintBlock(std::ostream& out, const std::string& lines) {
  std::lock_guard<std::mutex> lock(g_print_mu);
  if (g_before_print) g_before_print();
  out << lines;
  out.flush();
}

void WithPrintLock(const std::function<void()>& fn) {
  std::lock_guard<std::mutex> lock(g_print_mu);
  fn();
}

void SetBeforePrint(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(g_print_mu);
  g_before_print = std::move(fn);
}

InstanceExecutor::InstanceExecutor(const Project& project, ExecutorOptions options)
    : project_(project),
      options_(options),
      store_(project.root / ".strata" / "state.db"),
      owner_(StateStore::ThisOwner()) {
  operations_.emplace(project.root / ".strata" / "state.db");
  // Table DDL once, here, rather than racing in every worker.
  Warehouse wh(project.warehouse, {project.name});
  std::ostringstream ignored;
  NodeRunner(project, &wh, &ignored).ApplyTableDdl();
  store_.RecoverInterrupted(Clock::Now());
}

InstanceExecutor::~InstanceExecutor() {
  for (auto& [id, t] : workers_) t.join();
}

void InstanceExecutor::Track(int64_t id) {
  tracked_.insert(id);
  pending_.insert(id);
}

std::vector<Instance> InstanceExecutor::InstancesOf(const std::string& node) {
  auto it = snapshot_.find(node);
  if (it == snapshot_.end()) it = snapshot_.emplace(node, store_.ForNode(node)).first;
  return it->second;
}

std::string InstanceExecutor::Blocker(const Instance& inst, int64_t now) {
  const Node* node = project_.FindNode(inst.node);
  if (!node) return "node '" + inst.node + "' is no longer in strata.yaml";
  if (paused_.count(inst.node)) return "paused";
  if (options_.wait_for_scheduled_time && inst.scheduled > now) return "not yet due";
  if (inst.not_before > now) return "retry not yet due";
  auto check = [&](const Instance& up) -> std::string {
    if (!InScope(up.id) || IsComplete(up.state)) return "";
    if (up.state == InstanceState::kFailed)
      return "upstream " + up.node + " " + up.bizdate + " failed";
    return "waiting for " + up.node + " " + up.bizdate;
  };
  for (const auto& up_name : node->depends_on) {
    std::vector<Instance> same;
    for (const auto& up : InstancesOf(up_name))
      if (up.bizdate == inst.bizdate) same.push_back(up);
    bool any_before = std::any_of(same.begin(), same.end(),
                                  [&](const Instance& u) { return u.scheduled <= inst.scheduled; });
    for (const auto& up : same)
      if (!any_before || up.scheduled <= inst.scheduled)
        if (auto why = check(up); !why.empty()) return why;
  }
  for (const auto& prev_name : node->depends_on_previous) {
    const std::string& name = prev_name == "self" ? inst.node : prev_name;
    if (auto why = PreviousCycleBlocker(inst, name, check); !why.empty()) return why;
  }
  return "";
}

// The previous cycle is the one `name`'s schedule had just before this
// instance, not merely the latest instance that exists: a node that merges
// increments must never skip a date. A missing instance blocks, unless the
// node has no earlier instance at all (its first cycle).
std::string InstanceExecutor::PreviousCycleBlocker(
    const Instance& inst, const std::string& name,
    const std::function<std::string(const Instance&)>& check) {
  const Node* node = project_.FindNode(name);
  if (!node) return "";
  auto cycle = LatestCycleBefore(node->schedule, ToLocal(inst.scheduled));
  if (!cycle) return "";
  int64_t at = FromLocal(cycle->scheduled);
  std::optional<Instance> latest_earlier;
  for (const auto& up : InstancesOf(name)) {
    if (up.scheduled == at) {
      auto why = check(up);
      return why.empty() ? "" : why + " (previous cycle)";
    }
    if (up.scheduled < at && (!latest_earlier || up.scheduled > latest_earlier->scheduled))
      latest_earlier = up;
  }
  if (!latest_earlier) return "";
  std::string missing_from = CivilTime::ParseYmd(latest_earlier->bizdate)->AddDays(1).FormatYmd();
  std::string missing_to = cycle->scheduled.AddDays(-1).FormatYmd();
  return "previous cycle " + name + " " + missing_to + " never ran (no instance from " +
         missing_from + "); fill the gap first: strata backfill --from " + missing_from + " --to " +
         missing_to + " " + name;
}

int InstanceExecutor::StartReady() {
  Collect();
  snapshot_.clear();
  paused_.clear();
  if (options_.honor_pauses)
    for (const auto& [name, info] : operations_->Paused()) paused_.insert(name);
  int64_t now = Clock::Now();
  std::vector<Instance> candidates;
  for (int64_t id : pending_)
    if (auto inst = store_.Get(id)) candidates.push_back(*inst);
  std::sort(candidates.begin(), candidates.end(), [](const Instance& a, const Instance& b) {
    return a.scheduled != b.scheduled ? a.scheduled < b.scheduled : a.id < b.id;
  });
  std::map<int64_t, RunLimit> limits = operations_->RunLimits();
  std::map<int64_t, int> busy;  // running instances per group, in any process
  for (const auto& [id, limit] : limits) busy[limit.group] += limit.running ? 1 : 0;
  int started = 0;
  for (const auto& inst : candidates) {
    if (workers_.count(inst.id)) continue;
    if (inst.state != InstanceState::kWaiting) {
      if (inst.state != InstanceState::kRunning) {  // finished by another process
        pending_.erase(inst.id);
        finished_.push_back({inst, inst.message});
      } else {
        AnnounceWait(inst);
      }
      continue;
    }
    if (running() >= options_.max_parallel || !Blocker(inst, now).empty()) continue;
    auto limit = limits.find(inst.id);
    if (limit != limits.end() && busy[limit->second.group] >= limit->second.parallel) continue;
    if (!store_.Claim(inst.id, owner_, now)) continue;
    if (limit != limits.end()) ++busy[limit->second.group];
    Launch(*store_.Get(inst.id));
    ++started;
  }
  return started;
}

void InstanceExecutor::AnnounceWait(const Instance& inst) {
  if (!options_.out || !announced_.insert(inst.id).second) return;
  PrintBlock(*options_.out, "[" + FormatLocal(Clock::Now()) + "] " + inst.node + " bizdate " +
                                inst.bizdate + " is running in " + inst.owner +
                                "; waiting for it\n");
}

void InstanceExecutor::Launch(const Instance& inst) {
  store_.SetLogPath(inst.id, LogFile(project_, inst).string());
  // An echoed log starts with its own header line.
  if (options_.out && !options_.echo_logs)
    PrintBlock(*options_.out, "[" + FormatLocal(Clock::Now()) + "] start " + inst.node +
                                  " bizdate " + inst.bizdate + " (scheduled " +
                                  inst.scheduled_local + ", attempt " +
                                  std::to_string(inst.attempt) + ")\n");
  // The attempts since the last success (killed, or failed after their
  // commits) may have published everything already: the worker checks the
  // commit log for each instead of writing it all again. Not just the last
  // one: a recovery attempt itself may be killed before it is recorded.
  std::vector<Attempt> attempts = store_.Attempts(inst.id);
  std::sort(attempts.begin(), attempts.end(),
            [](const Attempt& a, const Attempt& b) { return a.attempt < b.attempt; });
  std::vector<int> unfinished;
  for (const auto& a : attempts) {
    if (a.state == "succeeded") unfinished.clear();
    if (a.state != "succeeded" && a.attempt < inst.attempt) unfinished.push_back(a.attempt);
  }
  workers_.emplace(inst.id, std::thread(&InstanceExecutor::Work, this, inst, unfinished));
}

void InstanceExecutor::Work(Instance inst, std::vector<int> unfinished) {
  Done done{inst, "", ""};
  InstanceLog::Echo echo;
  if (options_.echo_logs && options_.out)
    echo = [out = options_.out](const std::string& line) { PrintBlock(*out, line); };
  InstanceLog buffer(LogFile(project_, inst), echo);
  std::ostream log(&buffer);
  log << "== " << inst.node << " bizdate " << inst.bizdate << " scheduled " << inst.scheduled_local
      << ", attempt " << inst.attempt << ", started " << FormatLocal(Clock::Now()) << "\n";
  std::vector<CheckResult> checks;
  const Node* node = project_.FindNode(inst.node);
  StopSignal stop;
  try {
    if (!node) throw Error("node '" + inst.node + "' is no longer in strata.yaml");
    Warehouse wh(project_.warehouse, {project_.name});
    if (node->kind == NodeKind::kSql && !project_.sql_external_access)
      wh.engine().Confine(project_.warehouse);
    wh.engine().SetStopSignal(&stop);
    StopRequestWatch watch(project_.root / ".strata" / "state.db", inst.id, inst.attempt, &stop,
                           [&wh] { wh.engine().Interrupt(); });
    NodeRunner runner(project_, &wh, &log);
    runner.SetForce(options_.force);
    runner.SetCheckResults(&checks);
    if (options_.progress)
      runner.SetProgress([this, &inst](const SyncProgress& p) { options_.progress(inst, &p); });
    auto done_by = std::find_if(unfinished.begin(), unfinished.end(), [&](int attempt) {
      return wh.CompletedTaggedWork(AttemptTag(project_, inst, attempt));
    });
    if (done_by != unfinished.end())
      log << "attempt " << *done_by
          << " had published all its commits before it stopped; not run again\n";
    else
      runner.Run(*node, *CivilTime::ParseYmd(inst.bizdate), ToLocal(inst.scheduled),
                 AttemptTag(project_, inst, inst.attempt));
  } catch (const std::exception& e) {
    done.error = e.what();
    // A stop interrupts whatever ran; its reason, not the interruption, is the cause.
    if (stop.raised()) done.error = stop.reason();
    done.stopped = stop.raised();
    // The finish line (or the run's summary) reports the cause on the terminal.
    buffer.FileOnly("error: " + done.error + "\n");
  }
  if (node && !node->checks.empty()) SaveChecks(inst, checks, done);
  if (options_.progress) options_.progress(inst, nullptr);
  std::lock_guard<std::mutex> lock(mu_);
  done_.push_back(std::move(done));
  cv_.notify_all();
}

// An attempt that evaluated no rule (it failed before its commit) clears
// the results of the one before. A weak rule that failed becomes the
// instance's message.
void InstanceExecutor::SaveChecks(const Instance& inst, const std::vector<CheckResult>& checks,
                                  Done& done) {
  try {
    CheckResultStore(project_.root / ".strata" / "state.db").Save(inst.id, inst.attempt, checks);
  } catch (const std::exception& e) {
    if (done.error.empty()) done.error = std::string("cannot record check results: ") + e.what();
  }
  int warned = static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const auto& r) {
    return !r.passed && r.level == CheckLevel::kWeak;
  }));
  if (warned > 0)
    done.warning = std::to_string(warned) + " weak check" + (warned > 1 ? "s" : "") + " failed";
}

void InstanceExecutor::Collect() {
  std::deque<Done> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(done_);
  }
  for (const auto& d : batch) {
    workers_.at(d.instance.id).join();
    workers_.erase(d.instance.id);
    Record(d);
  }
}

void InstanceExecutor::Record(const Done& d) {
  const Instance& inst = d.instance;
  int64_t now = Clock::Now();
  const Node* node = project_.FindNode(inst.node);
  std::string line = "[" + FormatLocal(now) + "] " + inst.node + " bizdate " + inst.bizdate;
  if (d.error.empty()) {
    store_.Finish(inst.id, owner_, InstanceState::kSucceeded, d.warning, now);
    line += " succeeded" + (d.warning.empty() ? "" : " (" + d.warning + ")");
  } else if (node && inst.attempt <= node->retries && !d.stopped) {
    int64_t at = now + node->retry_interval_seconds;
    store_.Retry(inst.id, owner_, d.error, now, at);
    line += " failed (attempt " + std::to_string(inst.attempt) + " of " +
            std::to_string(node->retries + 1) + "), retry at " + FormatLocal(at) + ": " + d.error;
  } else {
    store_.Finish(inst.id, owner_, InstanceState::kFailed, d.error, now);
    line += options_.brief_failures ? " failed" : " failed: " + d.error;
  }
  if (options_.out) PrintBlock(*options_.out, line + "\n");
  auto after = store_.Get(inst.id);
  if (after && after->state != InstanceState::kWaiting) {
    pending_.erase(inst.id);
    finished_.push_back({*after, after->message});
  }
}

std::optional<int64_t> InstanceExecutor::NextWakeup() {
  std::optional<int64_t> next;
  int64_t now = Clock::Now();
  auto consider = [&](int64_t t) {
    if (t > now && (!next || t < *next)) next = t;
  };
  for (int64_t id : pending_) {
    auto inst = store_.Get(id);
    if (!inst || workers_.count(id)) continue;
    if (inst->state == InstanceState::kRunning) consider(now + 1);  // another process has it
    if (inst->state != InstanceState::kWaiting) continue;
    consider(inst->not_before);
    if (options_.wait_for_scheduled_time) consider(inst->scheduled);
  }
  return next;
}

void InstanceExecutor::WaitUntil(int64_t deadline, bool advance_fixed_clock) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!advance_fixed_clock && Clock::IsFixed()) {
    cv_.wait_for(lock, std::chrono::milliseconds(deadline > Clock::Now() ? 1000 : 200),
                 [&] { return !done_.empty(); });
    return;
  }
  if (workers_.empty() && Clock::IsFixed()) {
    Clock::AdvanceTo(deadline);
    return;
  }
  // Real time: wake for a finished worker, or once a second to look again.
  int64_t wait = std::clamp<int64_t>(deadline - Clock::Now(), 0, 1);
  cv_.wait_for(lock, std::chrono::seconds(wait), [&] { return !done_.empty(); });
}

std::vector<InstanceOutcome> InstanceExecutor::RunAll(const std::function<bool(bool)>& feed) {
  bool more = static_cast<bool>(feed);
  while (true) {
    if (more) more = feed(false);
    StartReady();
    if (running() == 0) {
      auto wake = pending_.empty() ? std::nullopt : NextWakeup();
      if (!wake) {  // what is tracked is done or can never start
        if (!more) break;
        more = feed(true);
        continue;
      }
      WaitUntil(*wake);
      continue;
    }
    WaitUntil(NextWakeup().value_or(Clock::Now() + 3600));
  }
  std::vector<InstanceOutcome> out = TakeFinished();
  snapshot_.clear();
  for (int64_t id : pending_)
    if (auto inst = store_.Get(id))
      out.push_back({*inst, "not run: " + Blocker(*inst, Clock::Now())});
  return out;
}

std::vector<InstanceOutcome> InstanceExecutor::TakeFinished() {
  Collect();
  std::vector<InstanceOutcome> out;
  out.swap(finished_);
  return out;
}

}  // namespace strata
