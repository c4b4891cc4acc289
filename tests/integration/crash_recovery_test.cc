// DESIGN.md invariant 1: a crash at any step of a partition commit, followed
// by any strata command, leaves exactly the old rows or exactly the new ones;
// a rerun then succeeds. Every step is crashed through STRATA_FAILPOINT.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "project_fixture.h"

namespace strata::test {
namespace {

struct Step {
  const char* failpoint;
  bool new_rows_visible;  // after recovery: the new rows (true) or the old ones
};

void PrintTo(const Step& s, std::ostream* os) {
  *os << s.failpoint;
}

// "commit.after_swap" -> "commit_after_swap", a test name.
std::string FailpointName(const ::testing::TestParamInfo<Step>& info) {
  std::string n = info.param.failpoint;
  for (auto& c : n)
    if (c == '.') c = '_';
  return n;
}

constexpr Step kSteps[] = {
    {"commit.before_prepare", false},
    {"commit.after_prepare", false},
    {"commit.after_swap", true},
    {"commit.after_catalog", true},
};

constexpr const char* kNodes = R"(  - name: copy_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_copy, partition: "ds=${bizdate}" }
  - name: merge_t
    type: sql
    sql: "insert overwrite table t_sum select sum(v) from t_copy where ds = '${bizdate}'"
)";

constexpr const char* kTables = "tables: [tables.sql]\n";
constexpr const char* kDdl = "create table t_sum (total bigint);";
constexpr const char* kOld = "v\n1\n2\n";
constexpr const char* kNew = "v\n10\n20\n30\n";

class CrashRecovery : public ::testing::TestWithParam<Step> {
 protected:
  void SetUp() override {
    p_.Source("create table t (v int); insert into t values (1), (2);");
    p_.Write("tables.sql", kDdl);
    p_.WriteProject(kNodes, kTables);
    p_.Ok({"run", "--date", "20240101"});
    p_.Source("delete from t; insert into t values (10), (20), (30);");
  }
  std::string Rows() { return p_.Csv("select v from t_copy where ds = '20240101' order by v"); }
  std::string Sum() { return p_.Csv("select total from t_sum"); }
  std::string DirectRows() {
    return p_.Csv("select v from read_parquet('" +
                  (p_.dir() / "warehouse/t_copy/*/*.parquet").string() +
                  "', hive_partitioning = true) order by v");
  }

  ProjectFixture p_;
};

TEST_P(CrashRecovery, SyncCommitSeesOldOrNewNeverAMix) {
  const Step& step = GetParam();
  ProcessResult crash =
      p_.Strata({"run", "--date", "20240101", "copy_t"}, {{"STRATA_FAILPOINT", step.failpoint}});
  EXPECT_EQ(crash.status, 137) << crash.out << crash.err;
  const char* want = step.new_rows_visible ? kNew : kOld;
  EXPECT_EQ(Rows(), want);        // any command recovers first
  EXPECT_EQ(DirectRows(), want);  // and the folders agree with the catalog
  EXPECT_FALSE(std::filesystem::exists(p_.dir() / "warehouse/_strata/staging") &&
               !std::filesystem::is_empty(p_.dir() / "warehouse/_strata/staging"));
  p_.Ok({"run", "--date", "20240101", "copy_t"});
  EXPECT_EQ(Rows(), kNew);
  EXPECT_EQ(DirectRows(), kNew);
}

TEST_P(CrashRecovery, SqlInsertOverwriteSeesOldOrNew) {
  const Step& step = GetParam();
  p_.Ok({"run", "--date", "20240101", "copy_t"});  // t_copy now sums to 60; t_sum still 3
  ProcessResult crash =
      p_.Strata({"run", "--date", "20240101", "merge_t"}, {{"STRATA_FAILPOINT", step.failpoint}});
  EXPECT_EQ(crash.status, 137) << crash.out << crash.err;
  EXPECT_EQ(Sum(), step.new_rows_visible ? "total\n60\n" : "total\n3\n");
  p_.Ok({"run", "--date", "20240101", "merge_t"});
  EXPECT_EQ(Sum(), "total\n60\n");
}

TEST_P(CrashRecovery, FirstCommitOfAPartitionIsAllOrNothing) {
  const Step& step = GetParam();
  ProcessResult crash =
      p_.Strata({"run", "--date", "20240102", "copy_t"}, {{"STRATA_FAILPOINT", step.failpoint}});
  EXPECT_EQ(crash.status, 137);
  std::string parts = p_.Csv("show partitions t_copy");
  bool has = parts.find("ds=20240102") != std::string::npos;
  std::string count = p_.Csv("select count(*) as n from t_copy where ds = '20240102'");
  // All or nothing, and catalog and folders agree. A prepared first commit
  // may be rolled forward: its files were complete when it was journaled.
  EXPECT_EQ(count, has ? "n\n3\n" : "n\n0\n");
  EXPECT_EQ(std::filesystem::exists(p_.dir() / "warehouse/t_copy/ds=20240102"), has);
  if (step.new_rows_visible) {
    EXPECT_TRUE(has);
  }
  if (std::string(step.failpoint) == "commit.before_prepare") {
    EXPECT_FALSE(has);
  }
}

// What a writer killed between removing its staging folder and its lock
// leaves behind, and a folder with no lock at all: the next command clears
// both, since no live writer holds them.
TEST(CrashRecoveryLeftovers, OrphanLocksAndStagingFoldersAreCleared) {
  ProjectFixture p;
  p.Write("strata.yaml", "name: test\n");
  std::filesystem::path staging = p.dir() / "warehouse/_strata/staging";
  std::filesystem::create_directories(staging / "20240101T000000-dead-folder");
  p.Write("warehouse/_strata/staging/20240101T000000-dead-lock.lock", "");
  p.Ok({"tables"});
  EXPECT_TRUE(std::filesystem::is_empty(staging));
}

// Issue 8.2: an append published just before the process died is not
// appended again by the recovery run: the instance's outcome and the commit
// are one fact (the commit log names the attempt that made it).
class AppendAfterCrash : public ::testing::TestWithParam<Step> {
 protected:
  void SetUp() override {
    p_.Source("create table t (v int); insert into t values (1), (2), (3);");
    p_.WriteProject(R"(  - name: append_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_log, partition: "ds=${bizdate}", mode: append }
)");
  }
  std::string Count(const std::string& ds) {
    return p_.Csv("select count(*) as n from t_log where ds = '" + ds + "'");
  }
  ProjectFixture p_;
};

TEST_P(AppendAfterCrash, RunAppendsExactlyOnce) {
  const Step& step = GetParam();
  ProcessResult crash =
      p_.Strata({"run", "--date", "20240101", "append_t"}, {{"STRATA_FAILPOINT", step.failpoint}});
  ASSERT_EQ(crash.status, 137) << crash.out << crash.err;
  p_.Ok({"run", "--date", "20240101", "append_t"});
  EXPECT_EQ(Count("20240101"), "n\n3\n");
  auto attempts = StateRows(p_.dir(), "select attempt, state from attempts order by attempt");
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[1][1], "succeeded");
  // A deliberate rerun of a succeeded instance still appends: it is asked for.
  p_.Ok({"rerun", "append_t", "--date", "20240101"});
  EXPECT_EQ(Count("20240101"), "n\n6\n");
}

TEST_P(AppendAfterCrash, ServeRestartAppendsExactlyOnce) {
  const Step& step = GetParam();
  std::map<std::string, std::string> env = {{"STRATA_NOW", "2024-01-02T00:00:00"}};
  auto crash_env = env;
  crash_env["STRATA_FAILPOINT"] = step.failpoint;
  ProcessResult crash = p_.Strata({"serve", "--until", "2024-01-06T00:00:00"}, crash_env);
  ASSERT_EQ(crash.status, 137) << crash.out << crash.err;
  p_.Strata({"serve", "--until", "2024-01-06T00:00:00"}, env);
  for (const char* ds : {"20240101", "20240102", "20240103", "20240104"})
    EXPECT_EQ(Count(ds), "n\n3\n") << ds;
}

// kill -9 at random moments of a serve that appends every day, restarted
// each time, until it finishes: every day holds its rows exactly once.
// STRATA_KILL_ROUNDS raises the number of kills; the seed is printed.
TEST(AppendUnderRandomKills, EveryDayHoldsItsRowsExactlyOnce) {
  ProjectFixture p(
      "create table t (id integer primary key, v text);"
      "with recursive r(i) as (select 1 union all select i + 1 from r where i < 20000) "
      "insert into t select i, 'value ' || i from r;");
  p.WriteProject(R"(  - name: append_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_log, partition: "ds=${bizdate}", mode: append }
  - name: sum_t
    type: sql
    depends_on: [append_t]
    sql: "insert into table t_sum select '${bizdate}', count(*) from t_log where ds = '${bizdate}'"
)",
                 "tables: [tables.sql]\n");
  p.Write("tables.sql", "create table t_sum (ds string, n bigint);");
  const char* rounds_env = std::getenv("STRATA_KILL_ROUNDS");
  int rounds = rounds_env ? std::atoi(rounds_env) : 12;
  unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::vector<std::string> args{"-C", p.dir().string(), "serve", "--until", "2024-01-08T00:00:00"};
  std::map<std::string, std::string> env{{"STRATA_NOW", "2024-01-02T00:00:00"}};
  int kills = 0;
  for (int i = 0; i < rounds; ++i) {
    BackgroundStrata serve = StartStrata(args, env, p.dir());
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));
    ::kill(serve.pid, SIGKILL);
    kills += serve.Wait().status == 128 + SIGKILL;
  }
  ProcessResult last = StartStrata(args, env, p.dir()).Wait();
  ASSERT_EQ(last.status, 0) << last.err;
  EXPECT_GT(kills, 0);
  std::string want = "ds,n\n";
  for (int d = 1; d <= 6; ++d) want += "2024010" + std::to_string(d) + ",20000\n";
  std::string got = p.Csv("select ds, count(*) as n from t_log group by ds order by ds");
  EXPECT_EQ(got, want);
  EXPECT_EQ(p.Csv("select ds, n from t_sum order by ds"), want);
  if (got != want) {
    // What the scheduler made of it, to explain the failure.
    for (const auto& row : StateRows(p.dir(),
                                     "select node, bizdate, state, attempt, message "
                                     "from instances order by bizdate, node"))
      ADD_FAILURE() << row[0] << " " << row[1] << " " << row[2] << " attempt " << row[3] << ": "
                    << row[4];
    ADD_FAILURE() << last.out;
  }
}

INSTANTIATE_TEST_SUITE_P(PublishedSteps, AppendAfterCrash,
                         ::testing::Values(Step{"commit.after_swap", true},
                                           Step{"commit.after_catalog", true}),
                         FailpointName);

INSTANTIATE_TEST_SUITE_P(EveryStep, CrashRecovery, ::testing::ValuesIn(kSteps), FailpointName);

// A SQL script's inserts are published as one group commit: a crash at any
// step, the one between the group's swaps included, leaves both tables old
// or both new, never one of each.
class SqlScriptCrash : public ::testing::TestWithParam<Step> {};

TEST_P(SqlScriptCrash, BothInsertsOldOrBothNew) {
  ProjectFixture p("create table t (v int); insert into t values (1), (2);");
  p.Write("tables.sql", "create table t_sum (total bigint);\ncreate table t_n (n bigint);\n");
  p.WriteProject(R"(  - name: two
    type: sql
    sql: |
      insert overwrite table t_sum select sum(v) from t_copy;
      insert overwrite table t_n select count(*) from t_copy;
  - name: copy_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_copy }
)",
                 kTables);
  p.Ok({"run", "--date", "20240101", "copy_t"});
  p.Ok({"run", "--date", "20240101", "two"});
  p.Source("insert into t values (30);");
  p.Ok({"rerun", "copy_t", "--date", "20240101"});
  ProcessResult crash = p.Strata({"rerun", "two", "--date", "20240101"},
                                 {{"STRATA_FAILPOINT", GetParam().failpoint}});
  EXPECT_EQ(crash.status, 137) << crash.out << crash.err;
  std::string both = p.Csv("select total, n from t_sum, t_n");
  EXPECT_EQ(both, GetParam().new_rows_visible ? "total,n\n33,3\n" : "total,n\n3,2\n");
  p.Ok({"rerun", "two", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select total, n from t_sum, t_n"), "total,n\n33,3\n");
}

INSTANTIATE_TEST_SUITE_P(EveryStep, SqlScriptCrash,
                         ::testing::Values(Step{"commit.before_prepare", false},
                                           Step{"commit.after_prepare", false},
                                           Step{"commit.between_swaps", true},
                                           Step{"commit.after_swap", true},
                                           Step{"commit.after_catalog", true}),
                         FailpointName);

}  // namespace
}  // namespace strata::test
