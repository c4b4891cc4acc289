#include "schedule/capture_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/clock.h"
#include "core/error.h"
#include "schedule/capture_lag.h"
#include "schedule/instance_executor.h"
#include "schedule/node_runner.h"
#include "schedule/operations_store.h"
#include "schedule/state_store.h"
#include "sync/capture/continuous_spool.h"
#include "warehouse/warehouse.h"

namespace strata {
namespace {

// A run waits 30 s for serve to let go of a PostgreSQL slot (it does at the
// node's next turn), and a walsender ends a connection silent for 60 s.
constexpr int64_t kKeepStreamsUpToMs = 10'000;

std::string IntervalText(int64_t ms) {
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

CaptureService::CaptureService(const Project& project, std::ostream* out)
    : project_(project), out_(out) {
  for (const Node& n : project.nodes)
    if (n.kind == NodeKind::kSync && n.sync.merge.capture_log) {
      turns_.push_back({&n, std::chrono::steady_clock::now()});
      kept_[n.name];
    }
}

CaptureService::~CaptureService() {
  Stop();
}

void CaptureService::Start() {
  if (turns_.empty() || !workers_.empty()) return;
  size_t workers = std::min(turns_.size(), static_cast<size_t>(std::max(1, project_.max_parallel)));
  if (out_)
    PrintBlock(*out_, "[" + FormatLocal(Clock::Now()) + "] capture: reading the logs of " +
                          std::to_string(turns_.size()) + " capture: log nodes, " +
                          IntervalText(project_.capture_interval_ms) + " between reads, " +
                          std::to_string(workers) + " at once\n");
  stop_ = false;
  for (size_t i = 0; i < workers; ++i) workers_.emplace_back(&CaptureService::Work, this);
}

void CaptureService::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& w : workers_) w.join();
  workers_.clear();
}

void CaptureService::Work() {
  std::filesystem::path state_db = project_.root / ".strata" / "state.db";
  std::unique_ptr<OperationsStore> ops;
  std::unique_ptr<StateStore> store;
  while (Turn* turn = NextDue()) {
    try {
      if (!ops) ops = std::make_unique<OperationsStore>(state_db);
      if (!store) store = std::make_unique<StateStore>(state_db);
      Visit(*turn->node, *ops, *store);
    } catch (const std::exception& e) {  // the warehouse or state database, not the node
      ops.reset();
      store.reset();
      Note("", e.what());
    }
    Done(*turn);
  }
}

CaptureService::Turn* CaptureService::NextDue() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    Turn* next = nullptr;
    for (Turn& t : turns_)
      if (!t.busy && (!next || t.due < next->due)) next = &t;
    if (next && next->due <= std::chrono::steady_clock::now()) {
      next->busy = true;
      return next;
    }
    if (next)
      cv_.wait_until(lock, next->due);
    else
      cv_.wait(lock);  // every node is being read
  }
  return nullptr;
}

void CaptureService::Done(Turn& turn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    turn.busy = false;
    turn.due =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(project_.capture_interval_ms);
  }
  cv_.notify_all();
}

void CaptureService::Visit(const Node& node, OperationsStore& ops, StateStore& store) {
  if (node.paused || ops.Paused().count(node.name)) {
    kept_.at(node.name) = KeptCapture{};  // a run of it may want the slot
    return;
  }
  // Its own Warehouse each read, as each instance's thread has its own.
  Warehouse wh(project_.warehouse, {project_.name});
  try {
    if (std::optional<int64_t> read = SpoolNode(wh, node))
      RecordCaptureRead(store, node.name, *read);
  } catch (const std::exception& e) {
    kept_.at(node.name) = KeptCapture{};  // opened afresh next time
    Note(node.name, e.what());
  }
}

std::optional<int64_t> CaptureService::SpoolNode(Warehouse& wh, const Node& node) {
  CivilTime bizdate = CurrentBizdate();
  ParamContext ctx = NodeRunner::Context(node, bizdate, bizdate.AddDays(1));
  SyncRequest sync = BuildSyncRequest(project_, node, ctx, bizdate);
  std::optional<MergeSyncRequest> merge;
  if (IsKeyed(node.sync.mode)) merge = BuildMergeSyncRequest(project_, node, sync);
  CaptureRequest capture = merge ? *merge->capture : BuildCaptureRequest(project_, node);
  KeptCapture* kept =
      project_.capture_interval_ms <= kKeepStreamsUpToMs ? &kept_.at(node.name) : nullptr;
  ContinuousSpool spool = SpoolContinuously(wh, sync, capture, merge ? &*merge : nullptr, kept);
  switch (spool.outcome) {
    case ContinuousSpoolOutcome::kBusy:
      return std::nullopt;  // its run is reading the log; the next read goes on from there
    case ContinuousSpoolOutcome::kNotStarted:
      Note(node.name, "waiting for its first run to take the snapshot");
      return std::nullopt;
    case ContinuousSpoolOutcome::kSpooled: break;
  }
  const SpoolReport& r = *spool.report;
  Note(node.name, "");  // says so when the node failed (or waited) before
  if (r.changes == 0 || !out_) return r.read_started_micros;
  std::string dates;
  for (const auto& [ds, rows] : r.rows_by_date)
    dates += (dates.empty() ? "" : ", ") + ds + ": " + std::to_string(rows);
  PrintBlock(
      *out_,
      "[" + FormatLocal(Clock::Now()) + "] capture " + node.name + ": stored " +
          std::to_string(r.changes) + " changes (" + dates + ") up to " + r.state.position.text +
          fmt::format(" (read {:.3f} s, stored {:.3f} s)\n", r.read_seconds, r.store_seconds));
  return r.read_started_micros;
}

void CaptureService::Note(const std::string& node, const std::string& message) {
  std::lock_guard<std::mutex> lock(notes_mu_);
  std::string& last = last_note_[node];
  if (last == message) return;
  bool cleared = message.empty();
  last = message;
  if (!out_) return;
  std::string who = node.empty() ? "capture" : "capture " + node;
  PrintBlock(*out_, "[" + FormatLocal(Clock::Now()) + "] " + who + ": " +
                        (cleared ? "reading the log" : message) + "\n");
}

}  // namespace strata
