// Issue 9's data-losing scheduling holes: a node that depends on its own
// previous cycle must never skip a date (a gap blocks it, naming the command
// that fills it), and running an old date of it after later ones succeeded
// must not silently roll its table back.

#include <gtest/gtest.h>

#include "project_fixture.h"

namespace strata::test {
namespace {

// `inc` copies the day's increment; `merge` appends which dates it applied,
// in the order it applied them, as an incremental merge would.
constexpr const char* kNodes = R"yaml(  - name: inc
    type: sync
    source: { connection: src, table: t }
    target: { table: inc_out, partition: "ds=${bizdate}" }
  - name: merge
    type: sql
    depends_on: [inc]
    depends_on_previous: [self]
    sql: "insert into table applied select '${bizdate}', (select count(*) from applied)"
)yaml";

class SchedulingHoles : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.Source("create table t (v int); insert into t values (1);");
    p_.Write("tables.sql", "create table applied (ds string, seq bigint);");
    p_.WriteProject(kNodes, "tables: [tables.sql]\ncatchup: false\n");
    p_.Ok({"backfill", "--from", "20240301", "--to", "20240305"});
  }
  // The dates in the order the merge applied them.
  std::string Applied() { return p_.Csv("select ds from applied order by seq"); }
  ProjectFixture p_;
};

constexpr const char* kFirstFive = "ds\n20240301\n20240302\n20240303\n20240304\n20240305\n";

TEST_F(SchedulingHoles, AGapBlocksThePreviousCycleDependencyOfRun) {
  ProcessResult r = p_.Strata({"run", "--date", "20240309"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("previous cycle merge 20240308 never ran (no instance from 20240306); "
                       "fill the gap first: strata backfill --from 20240306 --to 20240308 merge"),
            std::string::npos)
      << r.out << r.err;
  EXPECT_EQ(Applied(), kFirstFive);
  p_.Ok({"backfill", "--from", "20240306", "--to", "20240309"});
  EXPECT_EQ(Applied(), std::string(kFirstFive) + "20240306\n20240307\n20240308\n20240309\n");
}

TEST_F(SchedulingHoles, AGapBlocksServeWithoutCatchup) {
  ProcessResult r = p_.Strata({"serve", "--until", "2024-03-10T01:00:00"},
                              {{"STRATA_NOW", "2024-03-10T00:00:30"}});
  EXPECT_EQ(r.status, 0) << r.err;
  auto states = StateRows(p_.dir(),
                          "select node, state from instances where bizdate = '20240309' "
                          "order by node");
  EXPECT_EQ(states,
            (std::vector<std::vector<std::string>>{{"inc", "succeeded"}, {"merge", "waiting"}}));
  EXPECT_EQ(Applied(), kFirstFive);
}

TEST_F(SchedulingHoles, TheFirstCycleOfANodeHasNoPreviousToWaitFor) {
  ProjectFixture fresh;
  fresh.Source("create table t (v int); insert into t values (1);");
  fresh.Write("tables.sql", "create table applied (ds string, seq bigint);");
  fresh.WriteProject(kNodes, "tables: [tables.sql]\n");
  fresh.Ok({"run", "--date", "20240309"});
  EXPECT_EQ(fresh.Csv("select ds from applied order by seq"), "ds\n20240309\n");
}

TEST_F(SchedulingHoles, AnOldDateOfASelfDependentNodeIsRefusedWithoutForward) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"rerun", "merge", "--date", "20240303"},
           {"rerun", "inc", "--date", "20240303", "--downstream"},
           {"run", "--date", "20240302"},
           {"backfill", "--from", "20240302", "--to", "20240303"}}) {
    ProcessResult r = p_.Strata(args);
    EXPECT_NE(r.status, 0) << args[0];
    EXPECT_NE(r.err.find("merge depends on its own previous cycle and already succeeded up to "
                         "20240305"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("Add --forward"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Applied(), kFirstFive);
  p_.Ok({"rerun", "merge", "--date", "20240303", "--forward"});
  EXPECT_EQ(Applied(), std::string(kFirstFive) + "20240303\n20240304\n20240305\n");
}

TEST_F(SchedulingHoles, BackfillWarnsAboutNodesThatReadTheCurrentState) {
  ProcessResult r = p_.Strata({"backfill", "--from", "20240301", "--to", "20240302", "inc"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("warning: node inc reads the source as it is now"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace strata::test
