#include "schedule/capture_lag.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "core/clock.h"
#include "schedule/node_runner.h"
#include "schedule/state_store.h"
#include "source/capture_source.h"
#include "sync/capture/capture_state.h"
#include "warehouse/catalog/catalog.h"

namespace strata {
namespace {

constexpr int64_t kMicros = 1000000;

std::string ReadKey(const std::string& node) {
  return "capture.read." + node;
}

// The lag of `node` whose state is `state`: asks its source for the log's end.
void Measure(const Project& project, const Node& node, const CaptureState& state, int64_t last_read,
             int64_t now, CaptureLag& lag) {
  try {
    CivilTime bizdate = CurrentBizdate();
    SyncRequest s =
        BuildSyncRequest(project, node, NodeRunner::Context(node, bizdate, bizdate), bizdate);
    std::unique_ptr<ChangeStream> stream =
        OpenChangeStream(s.connection, s.read, {project.name, node.name});
    ChangePosition end = stream->LogEnd();
    lag.log_end = end.text;
    lag.behind = MeasureLogDistance(state.position, end);
  } catch (const std::exception& e) {
    lag.error = std::string("log end unknown: ") + e.what();
    return;
  }
  if (lag.behind->none()) return;
  int64_t since = std::max(state.stored_micros, last_read);
  lag.seconds_behind = std::max<int64_t>(0, (now - since) / kMicros);
}

}  // namespace

std::vector<CaptureLag> MeasureCaptureLags(const Project& project, int64_t now_micros) {
  std::vector<CaptureLag> out;
  std::filesystem::path catalog_file = project.warehouse / "_strata" / "catalog.db";
  if (!std::filesystem::exists(catalog_file)) return out;
  Catalog catalog(catalog_file, /*read_only=*/true);
  std::filesystem::path state_file = project.root / ".strata" / "state.db";
  std::unique_ptr<StateStore> store;
  if (std::filesystem::exists(state_file)) store = std::make_unique<StateStore>(state_file);
  for (const Node& node : project.nodes) {
    if (node.kind != NodeKind::kSync || !node.sync.merge.capture_log) continue;
    CaptureLag lag;
    lag.node = node.name;
    std::optional<CaptureState> state;
    try {
      lag.change_table = BuildCaptureRequest(project, node).change_table;
      state = CaptureState::FromJson(catalog.TableState(lag.change_table), lag.change_table);
    } catch (const std::exception& e) {
      lag.error = std::string("capture state unknown: ") + e.what();
      out.push_back(lag);
      continue;
    }
    if (!state) continue;  // its first run has not taken the snapshot
    lag.stored = state->position.text;
    int64_t last_read = 0;
    if (store)
      if (auto v = store->Meta(ReadKey(node.name)))
        std::from_chars(v->data(), v->data() + v->size(), last_read);  // else 0: no read noted
    Measure(project, node, *state, last_read, now_micros, lag);
    out.push_back(lag);
  }
  return out;
}

std::string FormatCaptureLag(const CaptureLag& lag) {
  std::string head =
      lag.node + "  " + lag.change_table + "  stored " + (lag.stored.empty() ? "-" : lag.stored);
  if (!lag.error.empty()) return head + "  " + lag.error;
  return head + "  log end " + lag.log_end + "  behind " + FormatLogDistance(*lag.behind) + ", " +
         std::to_string(lag.seconds_behind) + " s";
}

void RecordCaptureRead(StateStore& store, const std::string& node, int64_t micros) {
  store.SetMeta(ReadKey(node), std::to_string(micros));
}

}  // namespace strata
