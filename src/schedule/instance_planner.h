#pragma once
// Turns "these nodes, these business dates" into instances in the state
// database: one per node per cycle (schedule_spec.h), created once and found
// again afterwards. The commands that run things (run, backfill, rerun,
// serve) all start here.

#include <cstdint>
#include <vector>

#include "core/civil_time.h"
#include "schedule/project.h"
#include "schedule/state_store.h"

namespace strata {

struct PlannedInstance {
  Instance instance;
  bool dry_run = false;  // a weekly/monthly node's off day
};

// The instances of `nodes` for every business date from `from` to `to`
// (inclusive), oldest first, created where missing.
std::vector<PlannedInstance> EnsureInstances(StateStore& store,
                                             const std::vector<const Node*>& nodes,
                                             const CivilTime& from, const CivilTime& to);

// Puts the planned instances back to waiting so they run again. Dry runs stay
// skipped unless `run_dry` (the user named the node).
std::vector<int64_t> ResetForRun(StateStore& store, const std::vector<PlannedInstance>& planned,
                                 bool run_dry);

}  // namespace strata
