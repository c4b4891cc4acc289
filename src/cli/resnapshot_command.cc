// strata resnapshot NODE: the next run of a capture node takes a new snapshot.

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "schedule/node_runner.h"
#include "schedule/project.h"
#include "sync/capture/change_spool.h"
#include "warehouse/catalog/catalog.h"
#include "warehouse/warehouse.h"

namespace strata::cli {

int ResnapshotCommand(const std::filesystem::path& project_dir, const std::string& name) {
  Project project = LoadProject(project_dir);
  const Node* node = project.FindNode(name);
  if (!node) throw Error("unknown node '" + name + "'");
  if (node->kind != NodeKind::kSync || !node->sync.merge.capture_log)
    throw Error("node '" + name + "' does not capture (source.capture: log)");
  CaptureRequest capture = BuildCaptureRequest(project, *node);
  Warehouse warehouse(project.warehouse, {project.name});
  // A run or serve's spool of this node finishes first.
  FileLock lock = LockCapture(warehouse, capture.change_table);
  std::optional<CaptureState> state = LoadCaptureState(warehouse, capture.change_table);
  if (!state) {
    std::cout << "node " << name << " has no capture position; its next run takes a snapshot\n";
    return 0;
  }
  warehouse.catalog().SetTableState(capture.change_table, "");
  std::cout << "node " << name << ": capture position " << state->position.text << " (snapshot of "
            << state->snapshot_ds
            << ") forgotten; its next run takes a new snapshot, and dates before that run's "
               "cannot be rerun from the log\n";
  return 0;
}

}  // namespace strata::cli
