#pragma once
// Turns "these nodes, these business dates" into instances in the state
// database: one per node per cycle (schedule_spec.h), created once and found
// again afterwards. The commands that run things (run, backfill, rerun,
// serve) all start here.

#include <cstdint>
#include <map>
#include <string>
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

// Running an old date of a node that depends on its own previous cycle (an
// incremental merge) after later dates succeeded would apply an old
// increment over newer data. Returns, for each such node of `nodes`, the
// latest business date after `to` on which it succeeded (yyyymmdd).
std::map<std::string, std::string> LaterCyclesDone(StateStore& store,
                                                   const std::vector<const Node*>& nodes,
                                                   const CivilTime& to);

// Throws the message a command gives when LaterCyclesDone is not empty and
// the user did not ask to run every later cycle too (`option`, e.g.
// "--forward"); otherwise returns the date the run must extend to (`to` if
// nothing later succeeded).
CivilTime ExtendPastLaterCycles(StateStore& store, const std::vector<const Node*>& nodes,
                                const CivilTime& from, const CivilTime& to, bool forward);

// A sync node whose source read uses no scheduling parameter reads the
// source as it is now, whatever the business date (a full snapshot).
bool ReadsCurrentState(const Node& node);

}  // namespace strata
