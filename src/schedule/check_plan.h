#pragma once
// What a node's quality rules (`checks:`) become for one run, and what
// `strata check` can tell of them without running anything. Errors name the
// rule's place in strata.yaml.

#include <string>
#include <vector>

#include "core/params.h"
#include "quality/check_rule.h"
#include "schedule/project.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {

// What `strata check` adds: every rule's table is one the node writes (for
// a SQL node, one its script inserts into; a rule without `table` needs the
// script to write exactly one table), columns exist where the project's
// table files declare the table, and the parameters in expression/sql
// render for `ctx` and parse (with `engine`'s parser). Throws strata::Error
// naming the rule's place.
void CheckNodeRules(const Project& project, const Node& node, const ParamContext& ctx,
                    DuckEngine& engine);

// What `strata check --connect` adds for a sync node that overwrites or
// appends: the columns its rules on the target name are among `columns`
// (what the source gives, as described) or the partition's keys.
void CheckRuleColumns(const Node& node, const std::vector<std::string>& columns);

// The node's rules with their table filled in and their parameters
// substituted for `ctx`, ready for a QualityGate. `sql_text` is the node's
// rendered SQL (RenderNode), unused for a sync node.
std::vector<CheckRule> ResolveRules(const Node& node, const ParamContext& ctx,
                                    const std::string& sql_text);

}  // namespace strata
