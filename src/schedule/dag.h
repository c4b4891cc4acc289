#pragma once
// The dependency graph of a project's nodes: depends_on edges point from a
// node to the nodes that must finish before it starts.

#include <string>
#include <vector>

#include "schedule/project.h"

namespace strata {

// Throws Error if a depends_on entry names no node of the project
// ("strata.yaml:L:C: nodes[i].depends_on[j]: node 'x' depends on unknown node 'y'")
// or if the dependencies form a cycle ("... dependency cycle: a -> b -> a",
// following depends_on, starting at the cycle's first node in file order).
void ValidateDag(const Project& project);

// The nodes one run executes, upstream first; among nodes with no order
// between them, earlier in strata.yaml first. Empty `names` selects every
// node that is not paused; otherwise exactly the named nodes, paused or not.
// Dependencies on nodes left out still order the rest (also through chains of
// left-out nodes) but do not pull them in. Throws Error "unknown node 'x'" for
// a name not in the project, and whatever ValidateDag throws. Pointers point
// into `project`.
std::vector<const Node*> PlanRun(const Project& project, const std::vector<std::string>& names);

// `names` and every node that depends on one of them, directly or not
// (same-cycle dependencies), each once. Unknown names are an error.
std::vector<std::string> WithDescendants(const Project& project,
                                         const std::vector<std::string>& names);

// `names` and every node one of them depends on, directly or not, each once,
// in file order. Unknown names are an error.
std::vector<std::string> WithAncestors(const Project& project,
                                       const std::vector<std::string>& names);

// The node names a command line's selectors pick: `node` itself, `node+` the
// node and its descendants, `+node` the node and its ancestors; each once, in
// the order first selected. Unknown names are an error.
std::vector<std::string> ExpandSelectors(const Project& project,
                                         const std::vector<std::string>& selectors);

}  // namespace strata
