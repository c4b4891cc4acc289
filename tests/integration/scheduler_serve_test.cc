// strata serve over a month of the seed project, with an injected clock:
// every instance created once, dependencies and the self-dependent merge
// chain respected, a failure blocking its descendants until a rerun repairs
// them, and lifecycle dropping what is over age and nothing else.

#include <gtest/gtest.h>

#include <algorithm>

#include "project_fixture.h"
#include "strata_process.h"

namespace strata::test {
namespace {

class ServeMonth : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path() / "seed";
    // The demo's own runs happen on 2016-11-15, as in the seed.
    ProcessResult demo = RunStrata({"demo", "--dir", dir_.string()}, Now("2016-11-15T00:00:00"));
    ASSERT_EQ(demo.status, 0) << demo.err;
  }
  std::map<std::string, std::string> Now(const std::string& t, const std::string& fail = "") {
    std::map<std::string, std::string> env{{"STRATA_NOW", t}};
    if (!fail.empty()) env["STRATA_FAIL_INSTANCE"] = fail;
    return env;
  }
  ProcessResult Serve(const std::string& from, const std::string& until,
                      const std::string& fail = "") {
    return RunStrata({"-C", dir_.string(), "serve", "--until", until}, Now(from, fail));
  }
  // Rows of a query on the state database, fields joined by '|'.
  std::vector<std::string> State(const std::string& sql) {
    std::vector<std::string> rows;
    for (const auto& fields : StateRows(dir_, sql)) {
      std::string row;
      for (size_t i = 0; i < fields.size(); ++i) row += (i ? "|" : "") + fields[i];
      rows.push_back(row);
    }
    return rows;
  }
  std::string StateOf(const std::string& node, const std::string& bizdate) {
    auto r = State("select state from instances where node = '" + node + "' and bizdate = '" +
                   bizdate + "'");
    return r.empty() ? "none" : r[0];
  }

  TempDir tmp_;
  std::filesystem::path dir_;
};

TEST_F(ServeMonth, ThirtyDaysOfCycles) {
  ProcessResult serve =
      Serve("2016-11-15T00:00:30", "2016-12-15T00:00:00", "ods_user_inc@20161120");
  ASSERT_EQ(serve.status, 0) << serve.out << serve.err;

  // Each instance created once: one per unpaused node per business date,
  // 20161114 (the demo's) through 20161213, none for the paused nodes.
  EXPECT_TRUE(
      State("select node, bizdate from instances group by 1, 2 having count(*) > 1").empty());
  for (const char* node : {"ods_oplog", "ods_user_full", "ods_user_inc", "dw_user_inc_merge"})
    EXPECT_EQ(State(std::string("select count(*), min(bizdate), max(bizdate) from instances "
                                "where node = '") +
                    node + "'"),
              std::vector<std::string>{"30|20161114|20161213"})
        << node;
  EXPECT_EQ(
      State("select count(*) from instances where (node like '%_history' or node like '%_init') "
            "and bizdate > '20161113'"),
      std::vector<std::string>{"0"});

  // The failure blocks its descendants: that day's merge and, through the
  // self-dependency, every merge after it. Everything else ran.
  EXPECT_EQ(StateOf("ods_user_inc", "20161120"), "failed");
  EXPECT_EQ(StateOf("dw_user_inc_merge", "20161119"), "succeeded");
  for (const char* d : {"20161120", "20161121", "20161213"})
    EXPECT_EQ(StateOf("dw_user_inc_merge", d), "waiting") << d;
  EXPECT_EQ(State("select count(*) from instances where state = 'succeeded' and node in "
                  "('ods_oplog', 'ods_user_full')"),
            std::vector<std::string>{"60"});

  // Same-cycle and previous-cycle order, from the attempts' wall clock.
  auto late = State(
      "select m.bizdate from attempts am join instances m on m.id = am.instance "
      "join instances u on u.bizdate = m.bizdate and u.node = 'ods_user_inc' "
      "join attempts au on au.instance = u.id "
      "where m.node = 'dw_user_inc_merge' and au.ended_ms > am.started_ms");
  EXPECT_TRUE(late.empty()) << late[0];
  auto chain = State(
      "select m.bizdate from instances m join attempts am on am.instance = m.id "
      "join instances p on p.node = m.node and p.bizdate = strftime('%Y%m%d', "
      "date(substr(m.bizdate,1,4)||'-'||substr(m.bizdate,5,2)||'-'||substr(m.bizdate,7,2), '-1 "
      "day')) "
      "join attempts ap on ap.instance = p.id "
      "where m.node = 'dw_user_inc_merge' and ap.ended_ms > am.started_ms");
  EXPECT_TRUE(chain.empty()) << chain[0];

  // A rerun repairs the failed instance and, with --downstream, its merge;
  // the next serve runs the rest of the chain in order.
  ProcessResult rerun = RunStrata(
      {"-C", dir_.string(), "rerun", "ods_user_inc", "--date", "20161120", "--downstream"},
      Now("2016-12-15T00:00:00"));
  ASSERT_EQ(rerun.status, 0) << rerun.out << rerun.err;
  EXPECT_EQ(StateOf("dw_user_inc_merge", "20161120"), "succeeded");
  EXPECT_EQ(StateOf("dw_user_inc_merge", "20161121"), "waiting");
  ASSERT_EQ(Serve("2016-12-15T00:00:00", "2016-12-15T00:00:01").status, 0);
  EXPECT_EQ(State("select count(*) from instances where state != 'succeeded'"),
            std::vector<std::string>{"0"});
  auto order = State(
      "select m.bizdate from attempts a join instances m on m.id = a.instance "
      "where m.node = 'dw_user_inc_merge' and m.bizdate >= '20161121' order by a.started_ms, "
      "a.rowid");
  ASSERT_EQ(order.size(), 24u);  // 20161121 .. 20161214
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));

  // Lifecycle 7 on ods_user_full: at 2016-12-15 only partitions written in
  // the last 7 days remain (bizdates 20161207..20161214); no other table lost any.
  std::string parts = SqlCsv(dir_, "show partitions ods_user_full");
  EXPECT_EQ(parts,
            "partition\nds=20161207\nds=20161208\nds=20161209\nds=20161210\nds=20161211\n"
            "ds=20161212\nds=20161213\nds=20161214\n");
  // ods_oplog: the history partition 20161113 and one a day, 20161114 .. 20161214.
  std::string oplog = SqlCsv(dir_, "show partitions ods_oplog");
  EXPECT_EQ(std::count(oplog.begin(), oplog.end(), '\n'), 1 + 32) << oplog;
  EXPECT_NE(serve.out.find("lifecycle 7 days: dropped ods_user_full partition ds=20161114"),
            std::string::npos);
}

TEST_F(ServeMonth, CatchupAfterDowntimeAndNoneWithoutIt) {
  ASSERT_EQ(Serve("2016-11-15T00:00:30", "2016-11-18T00:00:00").status, 0);
  // Down for three days, then back: catchup runs the missed cycles.
  ASSERT_EQ(Serve("2016-11-21T08:00:00", "2016-11-21T09:00:00").status, 0);
  EXPECT_EQ(State("select count(distinct bizdate) from instances where node = 'ods_oplog'"),
            std::vector<std::string>{"7"});  // 20161114 .. 20161120
  // With catchup: false, a restart after downtime starts from the current cycle.
  std::string yaml = ReadFile(dir_ / "strata.yaml");
  WriteFile(dir_ / "strata.yaml", "catchup: false\n" + yaml);
  ASSERT_EQ(Serve("2016-11-25T08:00:00", "2016-11-25T09:00:00").status, 0);
  EXPECT_EQ(StateOf("ods_oplog", "20161121"), "none");
  EXPECT_EQ(StateOf("ods_oplog", "20161124"), "succeeded");
}

}  // namespace
}  // namespace strata::test
