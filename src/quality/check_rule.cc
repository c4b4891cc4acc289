#include "quality/check_rule.h"

#include <fmt/format.h>

namespace strata {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Long SQL would swamp a status line: its first 40 characters, on one line.
std::string Shorten(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

}  // namespace

const char* CheckKindName(CheckKind kind) {
  switch (kind) {
    case CheckKind::kRowCount: return "row_count";
    case CheckKind::kRowCountChange: return "row_count_change";
    case CheckKind::kNotNull: return "not_null";
    case CheckKind::kUnique: return "unique";
    case CheckKind::kAcceptedValues: return "accepted_values";
    case CheckKind::kExpression: return "expression";
    case CheckKind::kSql: return "sql";
  }
  return "?";
}

const char* CheckLevelName(CheckLevel level) {
  return level == CheckLevel::kStrong ? "strong" : "weak";
}

std::string DescribeRule(const CheckRule& r) {
  std::string args;
  switch (r.kind) {
    case CheckKind::kRowCount:
      if (r.min) args = fmt::format("min {}", *r.min);
      if (r.max) args += fmt::format("{}max {}", args.empty() ? "" : ", ", *r.max);
      break;
    case CheckKind::kRowCountChange:
      args = fmt::format("max {}% vs previous", r.max_percent);
      break;
    case CheckKind::kNotNull:
    case CheckKind::kUnique: args = Join(r.columns); break;
    case CheckKind::kAcceptedValues: args = Join(r.columns) + " in [" + Join(r.values) + "]"; break;
    case CheckKind::kExpression:
    case CheckKind::kSql: args = Shorten(r.sql); break;
  }
  return std::string(CheckKindName(r.kind)) + "(" + args + ")";
}

}  // namespace strata
