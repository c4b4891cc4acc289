#pragma once
// Reads a node's `checks:` (quality rules, quality/check_rule.h) from
// strata.yaml, and checks what can be checked of them before a run. Every
// error names the file, line and key path, like every project-file error:
//   strata.yaml:21:9: nodes[0].checks[2]: unknown key 'not_nul' in a check (...)
//
//   checks:
//     - row_count: { min: 1, max: 100000000 }      # either bound may be left out
//     - row_count_change: { vs: previous, max_percent: 30 }
//       level: weak                                # strong (default) | weak
//     - not_null: [uid, uname]
//     - unique: [uid]                              # the combination is unique
//     - accepted_values: { column: status, values: [success, failed] }
//     - expression: "amount >= 0"                  # rows where it is false fail
//     - sql: "SELECT * FROM ods_user WHERE ..."    # the rows it returns fail
//       table: ods_user                            # default: the node's only table

#include <string_view>
#include <vector>

#include "quality/check_rule.h"
#include "schedule/project.h"
#include "schedule/yaml_reader.h"

namespace strata {

// Parses the `checks` list of node `node` (its kind and, for a sync node,
// its target are already read: a sync node's rules default to its target
// table, and columns are checked against `source.columns` when listed).
std::vector<CheckRule> ParseChecks(const YamlValue& value, const Node& node);

// Whether `column` is a key of partition text `partition` ("ds=${bizdate}/hh=$[hh24]").
bool IsPartitionKey(std::string_view partition, std::string_view column);

}  // namespace strata
