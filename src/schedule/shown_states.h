#pragma once
// The state an operator is shown for an instance, as `strata status` and the
// operations page show it: the stored state, except `interrupted` for one
// put back to waiting because its process died while running it, and
// `blocked` for a waiting one whose upstream (same cycle, directly or not)
// failed that day: it runs only after the upstream is rerun and succeeds.
// Pure functions of their arguments.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "schedule/project.h"
#include "schedule/state_store.h"

namespace strata {

// Instances by (node, bizdate).
using InstanceCells = std::map<std::pair<std::string, std::string>, std::vector<Instance>>;

// The shown state of every instance of `cells` on `dates`, keyed by instance
// id. `cells` must hold the instances of every ancestor of the nodes asked
// about, or a failure upstream goes unseen.
std::map<int64_t, std::string> ShownStates(const Project& project, const InstanceCells& cells,
                                           const std::vector<std::string>& dates);

}  // namespace strata
