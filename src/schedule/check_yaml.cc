#include "schedule/check_yaml.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace strata {
namespace {

constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

struct KindKey {
  const char* key;
  CheckKind kind;
};
constexpr KindKey kKinds[] = {{"row_count", CheckKind::kRowCount},
                              {"row_count_change", CheckKind::kRowCountChange},
                              {"not_null", CheckKind::kNotNull},
                              {"unique", CheckKind::kUnique},
                              {"accepted_values", CheckKind::kAcceptedValues},
                              {"expression", CheckKind::kExpression},
                              {"sql", CheckKind::kSql}};

std::vector<std::string> ColumnList(const YamlValue& value) {
  std::vector<YamlValue> items = value.Items();
  if (items.empty()) value.Fail("empty list: name at least one column");
  std::vector<std::string> columns;
  for (const YamlValue& item : items) {
    std::string column = item.AsIdentifier("column name");
    if (std::find(columns.begin(), columns.end(), column) != columns.end())
      item.Fail("column '" + column + "' listed twice");
    columns.push_back(column);
  }
  return columns;
}

void ParseRowCount(const YamlValue& value, CheckRule& rule) {
  value.ExpectMap({"min", "max"}, "in row_count");
  if (auto min = value.Find("min")) rule.min = min->AsInt(0, kNoMax);
  if (auto max = value.Find("max")) rule.max = max->AsInt(0, kNoMax);
  if (!rule.min && !rule.max) value.Fail("set 'min' and/or 'max'");
  if (rule.min && rule.max && *rule.min > *rule.max)
    value.Fail("min " + std::to_string(*rule.min) + " is greater than max " +
               std::to_string(*rule.max));
}

void ParseRowCountChange(const YamlValue& value, CheckRule& rule) {
  value.ExpectMap({"vs", "max_percent"}, "in row_count_change");
  if (auto vs = value.Find("vs"); vs && vs->AsString() != "previous")
    vs->Fail("expected 'previous' (the previous business date), got '" + vs->AsString() + "'");
  YamlValue percent = value.Get("max_percent");
  double p = percent.AsDouble();
  if (!(p >= 0 && p <= 1e9)) percent.Fail("must be a number >= 0, got " + percent.AsString());
  rule.max_percent = p;
}

void ParseAcceptedValues(const YamlValue& value, CheckRule& rule) {
  value.ExpectMap({"column", "values"}, "in accepted_values");
  rule.columns = {value.Get("column").AsIdentifier("column name")};
  YamlValue values = value.Get("values");
  rule.values = values.AsStringList();
  if (rule.values.empty()) values.Fail("empty list: name at least one accepted value");
}

std::string NonBlank(const YamlValue& value) {
  std::string text = value.AsString();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) value.Fail("empty text");
  return text;
}

void ParseBody(const YamlValue& value, CheckRule& rule) {
  switch (rule.kind) {
    case CheckKind::kRowCount: return ParseRowCount(value, rule);
    case CheckKind::kRowCountChange: return ParseRowCountChange(value, rule);
    case CheckKind::kNotNull:
    case CheckKind::kUnique: rule.columns = ColumnList(value); return;
    case CheckKind::kAcceptedValues: return ParseAcceptedValues(value, rule);
    case CheckKind::kExpression:
    case CheckKind::kSql: rule.sql = NonBlank(value); return;
  }
}

CheckLevel ParseLevel(const YamlValue& value) {
  std::string text = value.AsString();
  if (text != "strong" && text != "weak")
    value.Fail("expected 'strong' or 'weak', got '" + text + "'");
  return text == "weak" ? CheckLevel::kWeak : CheckLevel::kStrong;
}

// A sync node's rule is on its target or its change table; a SQL node's
// tables are known once its script is read (check_plan.h).
std::string ParseTable(const YamlValue& value, const Node& node) {
  std::string table = value.AsIdentifier("table name");
  const SyncSpec& s = node.sync;
  if (node.kind == NodeKind::kSync && table != s.target_table && table != s.merge.changes)
    value.Fail("node '" + node.name + "' writes table '" + s.target_table +
               (s.merge.changes.empty() ? "" : "' and '" + s.merge.changes) + "', not '" + table +
               "'");
  return table;
}

// The columns a sync node copies are known when it lists them (a merge or
// history table adds columns of its own, so only for overwrite and append).
void CheckCopiedColumns(const YamlValue& value, const CheckRule& rule, const Node& node) {
  const SyncSpec& s = node.sync;
  bool target = rule.table.empty() || rule.table == s.target_table;
  if (node.kind != NodeKind::kSync || !target || s.columns.empty() || IsKeyed(s.mode)) return;
  for (const auto& column : rule.columns)
    if (std::find(s.columns.begin(), s.columns.end(), column) == s.columns.end() &&
        !IsPartitionKey(s.partition, column))
      value.Fail("column '" + column + "' is not among the columns node '" + node.name +
                 "' copies (source.columns)");
}

CheckRule ParseRule(const YamlValue& value, const Node& node) {
  value.ExpectMap({"row_count", "row_count_change", "not_null", "unique", "accepted_values",
                   "expression", "sql", "level", "table"},
                  "in a check");
  CheckRule rule;
  rule.where = value.Where();
  int found = 0;
  for (const KindKey& k : kKinds)
    if (auto body = value.Find(k.key)) {
      if (found++) body->Fail("one rule per list item; start another item with '-'");
      rule.kind = k.kind;
      ParseBody(*body, rule);
    }
  if (!found)
    value.Fail(
        "no rule: expected one of row_count, row_count_change, not_null, unique, "
        "accepted_values, expression, sql");
  if (auto level = value.Find("level")) rule.level = ParseLevel(*level);
  if (auto table = value.Find("table")) rule.table = ParseTable(*table, node);
  CheckCopiedColumns(value, rule, node);
  return rule;
}

}  // namespace

bool IsPartitionKey(std::string_view partition, std::string_view column) {
  std::string key = std::string(column) + "=";
  return partition.starts_with(key) || partition.find("/" + key) != std::string_view::npos;
}

std::vector<CheckRule> ParseChecks(const YamlValue& value, const Node& node) {
  std::vector<CheckRule> rules;
  for (const YamlValue& item : value.Items()) rules.push_back(ParseRule(item, node));
  return rules;
}

}  // namespace strata
