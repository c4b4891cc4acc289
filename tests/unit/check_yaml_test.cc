// strata.yaml `checks:` as the project model holds them, and the place an
// error names.

#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "schedule/check_plan.h"
#include "schedule/project.h"

namespace strata {
namespace {

constexpr const char* kHead = R"(name: p
connections: { src: { url: "sqlite:source.db" } }
nodes:
  - name: a
    type: sync
    source: { connection: src, table: t, columns: [id, v] }
    target: { table: a_out, partition: "ds=${bizdate}" }
    checks:
)";

Project Parse(const std::string& checks) {
  return ParseProject(std::filesystem::temp_directory_path(), std::string(kHead) + checks);
}

std::string ParseError(const std::string& checks) {
  try {
    Parse(checks);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for " << checks;
  return "";
}

TEST(CheckYaml, EveryRuleKindIsRead) {
  Project p = Parse(R"(      - row_count: { max: 9 }
      - row_count_change: { vs: previous, max_percent: 12.5 }
        level: weak
      - not_null: [id, v]
      - unique: [id]
      - accepted_values: { column: v, values: [a, 1] }
      - expression: "id > 0"
      - sql: "select * from a_out where ds = '${bizdate}' and id < 0"
        table: a_out
)");
  const auto& c = p.nodes.at(0).checks;
  ASSERT_EQ(c.size(), 7u);
  EXPECT_EQ(c[0].kind, CheckKind::kRowCount);
  EXPECT_FALSE(c[0].min.has_value());
  EXPECT_EQ(c[0].max, 9);
  EXPECT_EQ(c[1].level, CheckLevel::kWeak);
  EXPECT_DOUBLE_EQ(c[1].max_percent, 12.5);
  EXPECT_EQ(c[2].level, CheckLevel::kStrong);
  EXPECT_EQ(c[2].columns, (std::vector<std::string>{"id", "v"}));
  EXPECT_EQ(c[4].values, (std::vector<std::string>{"a", "1"}));
  EXPECT_EQ(DescribeRule(c[4]), "accepted_values(v in [a, 1])");
  EXPECT_EQ(c[6].table, "a_out");
  EXPECT_EQ(c[3].where, "strata.yaml:13:9: nodes[0].checks[3]: ");

  // Resolved for a run: the default table, the parameters rendered.
  ParamContext ctx = ParamContext::ForBizdate(*CivilTime::ParseYmd("20240102"));
  auto rules = ResolveRules(p.nodes[0], ctx, "");
  EXPECT_EQ(rules[2].table, "a_out");
  EXPECT_EQ(rules[6].sql, "select * from a_out where ds = '20240102' and id < 0");
}

TEST(CheckYaml, MistakesNameTheirPlace) {
  EXPECT_EQ(ParseError("      - not_null: [id, nope]\n"),
            "strata.yaml:9:9: nodes[0].checks[0]: column 'nope' is not among the columns node "
            "'a' copies (source.columns)");
  EXPECT_NE(ParseError("      - not_null: []\n")
                .find("strata.yaml:9:19: nodes[0].checks[0].not_null: "
                      "empty list"),
            std::string::npos);
  EXPECT_NE(ParseError("      - unique: [id, id]\n").find("column 'id' listed twice"),
            std::string::npos);
  EXPECT_NE(ParseError("      - row_count_change: { vs: yesterday, max_percent: 1 }\n")
                .find("expected 'previous'"),
            std::string::npos);
  EXPECT_NE(ParseError("      - row_count_change: { max_percent: -3 }\n")
                .find("must be a number >= 0, got -3"),
            std::string::npos);
  EXPECT_NE(ParseError("      - row_count: {}\n").find("set 'min' and/or 'max'"),
            std::string::npos);
  EXPECT_NE(ParseError("      - accepted_values: { column: v, values: [] }\n")
                .find("name at least one accepted value"),
            std::string::npos);
  EXPECT_NE(ParseError("      - expression: \"  \"\n").find("empty text"), std::string::npos);
  EXPECT_NE(ParseError("      - not_null: [\"a b\"]\n").find("column name"), std::string::npos);
  EXPECT_NE(ParseError("      row_count: { min: 1 }\n").find("nodes[0].checks: expected a list"),
            std::string::npos);
}

}  // namespace
}  // namespace strata
