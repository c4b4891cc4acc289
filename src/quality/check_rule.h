#pragma once
// CheckRule is one data-quality rule a node declares under `checks:` (the
// DataWorks DQC idea): what must hold of the rows a commit is about to
// publish, and whether a violation blocks the commit (strong) or is only
// recorded (weak). A plain value type; the YAML reader
// (schedule/check_yaml.h) fills it and the QualityGate evaluates it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata {

enum class CheckKind {
  kRowCount,
  kRowCountChange,
  kNotNull,
  kUnique,
  kAcceptedValues,
  kExpression,
  kSql
};
enum class CheckLevel { kStrong, kWeak };

struct CheckRule {
  CheckKind kind = CheckKind::kRowCount;
  CheckLevel level = CheckLevel::kStrong;
  std::string table;  // the table whose commits it inspects; "" = the node's single output
  // row_count: bounds (inclusive); row_count_change: the largest change in
  // percent of the previous business date's row count.
  std::optional<int64_t> min, max;
  double max_percent = 0;
  std::vector<std::string> columns;  // not_null, unique; accepted_values: its one column
  std::vector<std::string> values;   // accepted_values, as written (cast to the column's type)
  std::string sql;                   // expression (a condition) or sql (a query); raw, may
                                     // hold scheduling parameters
  // Where it was written, for every message about it: "strata.yaml:12:9:
  // nodes[0].checks[1]: ". Empty when built in code.
  std::string where;
};

// "row_count", "not_null", ...: as strata.yaml spells the kind.
const char* CheckKindName(CheckKind kind);
const char* CheckLevelName(CheckLevel level);
// A short name for messages and `strata status`: "not_null(uid, name)",
// "row_count(min 1)", "expression(amount >= 0)".
std::string DescribeRule(const CheckRule& rule);

}  // namespace strata
