// The widening rules and the planner of warehouse/catalog/schema_evolution.h.

#include "warehouse/catalog/schema_evolution.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace strata {
namespace {

ColumnType T(const char* text) {
  return *ParseColumnType(text);
}

TEST(SchemaEvolution, WideningHoldsEveryOldValue) {
  for (auto [from, to] :
       std::vector<std::pair<const char*, const char*>>{{"int", "bigint"},
                                                        {"tinyint", "int"},
                                                        {"varchar(50)", "varchar(100)"},
                                                        {"varchar(50)", "string"},
                                                        {"char(3)", "string"},
                                                        {"decimal(10,2)", "decimal(12,2)"},
                                                        {"decimal(10,2)", "decimal(13,3)"},
                                                        {"float", "double"},
                                                        {"date", "datetime"}})
    EXPECT_TRUE(IsWidening(T(from), T(to))) << from << " -> " << to;
  for (auto [from, to] :
       std::vector<std::pair<const char*, const char*>>{{"bigint", "int"},
                                                        {"int", "int"},
                                                        {"string", "int"},
                                                        {"varchar(100)", "varchar(50)"},
                                                        {"char(3)", "varchar(10)"},
                                                        {"decimal(12,2)", "decimal(12,1)"},
                                                        {"decimal(12,2)", "decimal(12,3)"},
                                                        {"double", "float"},
                                                        {"datetime", "date"},
                                                        {"int", "string"}})
    EXPECT_FALSE(IsWidening(T(from), T(to))) << from << " -> " << to;
}

TEST(SchemaEvolution, PlanAddsWidensAndKeepsADroppedColumnOnce) {
  Schema table = {{"id", T("int")}, {"a", T("string")}, {"_op", T("string")}};
  Schema source = {{"id", T("bigint")}, {"b", T("date")}};
  EvolutionPlan plan = PlanEvolution("t", table, source, table, SchemaPolicy::kEvolve, {"_op"});
  EXPECT_EQ(
      plan.columns,
      (Schema{{"id", T("bigint")}, {"a", T("string")}, {"_op", T("string")}, {"b", T("date")}}));
  ASSERT_EQ(plan.changes.size(), 3u);
  EXPECT_NE(plan.note.find("a rename is seen as a drop of 'a' plus an add of 'b'"),
            std::string::npos);
  // The next run: `a` was already gone from the source, nothing changes.
  EXPECT_TRUE(PlanEvolution("t", plan.columns, source, source, SchemaPolicy::kEvolve, {"_op"})
                  .changes.empty());
}

TEST(SchemaEvolution, PoliciesRefuseWithTheColumnAndTypes) {
  Schema table = {{"id", T("bigint")}};
  try {
    PlanEvolution("t", table, {{"id", T("int")}}, table, SchemaPolicy::kEvolve);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'id' changed from bigint to int"), std::string::npos);
  }
  EXPECT_THROW(
      PlanEvolution("t", table, {{"id", T("bigint")}, {"x", T("int")}}, table, SchemaPolicy::kFail),
      Error);
  EXPECT_THROW(PlanEvolution("t", table, {}, table, SchemaPolicy::kFreeze), Error);
  // A source widening the table already holds changes nothing, but freeze sees it.
  Schema text = {{"id", T("string")}};
  Schema was = {{"id", T("int")}};
  EXPECT_TRUE(PlanEvolution("t", text, table, was, SchemaPolicy::kEvolve).changes.empty());
  EXPECT_THROW(PlanEvolution("t", text, table, was, SchemaPolicy::kFreeze), Error);
  // Without a previous run's columns a narrower source is no change (DDL tables).
  EXPECT_TRUE(PlanEvolution("t", table, {{"id", T("int")}}, std::nullopt, SchemaPolicy::kFreeze)
                  .changes.empty());
}

}  // namespace
}  // namespace strata
