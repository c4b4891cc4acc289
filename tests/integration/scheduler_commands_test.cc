// backfill, rerun, status, log, retries, a serve killed mid-instance, and two
// processes racing for one instance.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "project_fixture.h"

namespace strata::test {
namespace {

// `rows` rows in table t(id, v) of the fixture's source.
std::string BigTable(int rows) {
  return "create table t (id integer primary key, v text);"
         "with recursive c(x) as (select 1 union all select x + 1 from c where x < " +
         std::to_string(rows) + ") insert into t select x, printf('value %08d', x) from c;";
}

constexpr const char* kChain = R"(  - name: a
    type: sync
    source: { connection: src, table: t }
    target: { table: a_out, partition: "ds=${bizdate}" }
  - name: b
    type: sql
    depends_on: [a]
    depends_on_previous: [self]
    sql: "insert overwrite table b_out partition (ds='${bizdate}') select count(*) from a_out where ds = '${bizdate}'"
)";

std::vector<std::vector<std::string>> Rows(const ProjectFixture& p, const std::string& sql) {
  return StateRows(p.dir(), sql);
}

// Whether `sql` on the state database returns a row yet (the database may
// not exist yet, or be half made, while strata starts).
bool Any(const ProjectFixture& p, const std::string& sql) {
  try {
    return std::filesystem::exists(p.dir() / ".strata/state.db") && !Rows(p, sql).empty();
  } catch (const std::exception&) {
    return false;
  }
}

// Attempts of `node` as (bizdate, started_ms, ended_ms), in start order.
std::vector<std::tuple<std::string, int64_t, int64_t>> Attempts(const ProjectFixture& p,
                                                                const std::string& node) {
  std::vector<std::tuple<std::string, int64_t, int64_t>> out;
  for (auto& r : Rows(p,
                      "select i.bizdate, a.started_ms, a.ended_ms from attempts a join "
                      "instances i on i.id = a.instance where i.node = '" +
                          node + "' order by a.started_ms"))
    out.emplace_back(r[0], std::stoll(r[1]), std::stoll(r[2]));
  return out;
}

class SchedulerCommands : public ::testing::Test {
 protected:
  SchedulerCommands() : p_(BigTable(100000)) {
    p_.Write("tables.sql", "create table b_out (n bigint) partitioned by (ds string);");
    p_.WriteProject(kChain, "tables: [tables.sql]\n");
  }
  ProjectFixture p_;
};

TEST_F(SchedulerCommands, BackfillRespectsDependenciesAndRunsDatesSideBySide) {
  std::string out =
      p_.Ok({"backfill", "--from", "20240101", "--to", "20240106", "--parallel", "2"});
  EXPECT_NE(out.find("12 of 12 instances succeeded"), std::string::npos) << out;
  auto a = Attempts(p_, "a"), b = Attempts(p_, "b");
  ASSERT_EQ(a.size(), 6u);
  ASSERT_EQ(b.size(), 6u);
  // a has no previous-cycle dependency: two dates ran at once.
  int most = 0;
  for (auto& [d, s, e] : a) {
    int n = 0;
    for (auto& [d2, s2, e2] : a) n += s2 <= s && s < e2;
    most = std::max(most, n);
  }
  EXPECT_EQ(most, 2);
  // b depends on its own previous cycle: one date after the other, oldest first,
  // each after that date's a.
  for (size_t i = 0; i < b.size(); ++i) {
    EXPECT_EQ(std::get<0>(b[i]), "2024010" + std::to_string(i + 1));
    if (i) {
      EXPECT_GE(std::get<1>(b[i]), std::get<2>(b[i - 1]));
    }
    for (auto& [d, s, e] : a) {
      if (d == std::get<0>(b[i])) {
        EXPECT_GE(std::get<1>(b[i]), e);
      }
    }
  }
  EXPECT_EQ(p_.Csv("select ds, n from b_out order by ds"),
            "ds,n\n20240101,100000\n20240102,100000\n20240103,100000\n20240104,100000\n"
            "20240105,100000\n20240106,100000\n");
}

TEST_F(SchedulerCommands, BackfillDownstreamAndRerun) {
  p_.Ok({"backfill", "--from", "20240101", "--to", "20240102", "a", "--downstream"});
  EXPECT_EQ(Attempts(p_, "b").size(), 2u);
  std::string out = p_.Ok({"rerun", "a", "--date", "20240102", "--downstream"});
  EXPECT_NE(out.find("2 of 2 instances succeeded"), std::string::npos) << out;
  EXPECT_EQ(Attempts(p_, "a").size(), 3u);
  EXPECT_EQ(Attempts(p_, "b").size(), 3u);
  std::string status = p_.Ok({"status", "--from", "20240101", "--to", "20240103"});
  EXPECT_NE(status.find("a     succeeded  succeeded  not-run"), std::string::npos) << status;
  std::string log = p_.Ok({"log", "a", "--date", "20240102"});
  EXPECT_NE(log.find("attempt 2"), std::string::npos) << log;
  EXPECT_NE(log.find("records written  : 100000"), std::string::npos) << log;
}

TEST_F(SchedulerCommands, AFailureBlocksDescendantsUntilARerun) {
  ProcessResult r = p_.Strata({"backfill", "--from", "20240101", "--to", "20240103"},
                              {{"STRATA_FAIL_INSTANCE", "a@20240102"}});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("injected failure"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("b bizdate 20240102: not run: upstream a 20240102 failed"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("b bizdate 20240103: not run: waiting for b 20240102 (previous cycle)"),
            std::string::npos)
      << r.out;
  p_.Ok({"rerun", "a", "--date", "20240102", "--downstream"});
  p_.Ok({"rerun", "b", "--date", "20240103"});
  EXPECT_EQ(p_.Csv("select count(*) as n from b_out"), "n\n3\n");
}

TEST_F(SchedulerCommands, RetriesUntilTheSourceIsBack) {
  p_.Write("strata.yaml",
           "name: test\nconnections:\n  src: { url: \"sqlite:later.db\" }\nnodes:\n"
           "  - name: a\n    type: sync\n    retries: 3\n    retry_interval: 1s\n"
           "    source: { connection: src, table: t }\n    target: { table: a_out }\n");
  BackgroundStrata run =
      StartStrata({"-C", p_.dir().string(), "run", "--date", "20240101", "a"}, {}, p_.dir());
  // Once the first attempt has failed, the database appears.
  for (int i = 0; i < 600 && !Any(p_, "select 1 from attempts where state = 'failed'"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::filesystem::copy_file(p_.dir() / "source.db", p_.dir() / "later.db");
  ProcessResult r = run.Wait();
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("failed (attempt 1 of 4), retry at"), std::string::npos) << r.out;
  EXPECT_EQ(p_.Csv("select count(*) as n from a_out"), "n\n100000\n");
}

class SlowInstance : public ::testing::Test {
 protected:
  SlowInstance() : p_(BigTable(1500000)) {
    p_.WriteProject(
        "  - name: slow\n    type: sync\n    source: { connection: src, table: t }\n"
        "    target: { table: copy, partition: \"ds=${bizdate}\" }\n");
  }
  ~SlowInstance() override {
    // A failed test leaves no serve behind. waitpid answers 0 only for our own
    // child still running, so a reaped (and maybe reused) pid is never killed.
    for (int pid : started_)
      if (waitpid(pid, nullptr, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
      }
  }
  BackgroundStrata Start(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env) {
    BackgroundStrata p = StartStrata(args, env, p_.dir());
    started_.push_back(p.pid);
    return p;
  }
  void WaitForRunning() {
    for (int i = 0; i < 1200; ++i) {
      if (Any(p_, "select 1 from instances where state = 'running'")) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "no instance started running";
  }
  ProjectFixture p_;
  std::vector<int> started_;
};

// log -f started while the sync runs prints its log up to the end of the
// attempt (the DataX-style summary) and the final state, then exits.
TEST_F(SlowInstance, LogFollowPrintsTheLogUntilTheInstanceEnds) {
  BackgroundStrata run = Start({"-C", p_.dir().string(), "run", "--date", "20240101"}, {});
  WaitForRunning();
  std::string followed = p_.Ok({"log", "-f", "slow", "--date", "20240101"});
  EXPECT_EQ(run.Wait().status, 0);
  EXPECT_NE(followed.find("== slow bizdate 20240101"), std::string::npos) << followed;
  EXPECT_NE(followed.find("1500000"), std::string::npos) << followed;  // the summary's count
  EXPECT_NE(followed.find("# slow bizdate 20240101: succeeded"), std::string::npos) << followed;
}

TEST_F(SlowInstance, ServeKilledMidInstanceResumesOnRestart) {
  std::map<std::string, std::string> env{{"STRATA_NOW", "2024-01-02T00:00:30"}};
  std::vector<std::string> args{"-C", p_.dir().string(), "serve", "--until", "2024-01-02T01:00:00"};
  BackgroundStrata serve = Start(args, env);
  WaitForRunning();
  kill(serve.pid, SIGKILL);
  EXPECT_EQ(serve.Wait().status, 128 + SIGKILL);
  EXPECT_EQ(Rows(p_, "select state from instances")[0][0], "running");  // its owner is dead
  ProcessResult again = Start(args, env).Wait();
  ASSERT_EQ(again.status, 0) << again.out << again.err;
  auto inst = Rows(p_, "select state, attempt from instances");
  EXPECT_EQ(inst, (std::vector<std::vector<std::string>>{{"succeeded", "2"}}));
  auto attempts = Rows(p_, "select state from attempts order by started_ms");
  EXPECT_EQ(attempts, (std::vector<std::vector<std::string>>{{"failed"}, {"succeeded"}}));
  EXPECT_EQ(p_.Csv("select count(*) as n, count(distinct id) as d from copy"),
            "n,d\n1500000,1500000\n");
}

TEST_F(SlowInstance, SigtermStopsServeCleanlyAfterTheRunningInstance) {
  std::map<std::string, std::string> env{{"STRATA_NOW", "2024-01-02T00:00:30"}};
  BackgroundStrata serve = Start({"-C", p_.dir().string(), "serve"}, env);
  WaitForRunning();
  kill(serve.pid, SIGTERM);
  ProcessResult r = serve.Wait();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("stopped"), std::string::npos);
  EXPECT_EQ(Rows(p_, "select state from instances")[0][0], "succeeded");
}

TEST_F(SlowInstance, TwoProcessesNeverRunOneInstanceTogether) {
  std::vector<std::string> args{"-C", p_.dir().string(), "run", "--date", "20240101", "slow"};
  BackgroundStrata one = Start(args, {});
  BackgroundStrata two = Start(args, {});
  EXPECT_EQ(one.Wait().status, 0);
  EXPECT_EQ(two.Wait().status, 0);
  auto attempts = Rows(p_, "select started_ms, ended_ms from attempts order by started_ms");
  ASSERT_GE(attempts.size(), 1u);
  for (size_t i = 1; i < attempts.size(); ++i)
    EXPECT_GE(std::stoll(attempts[i][0]), std::stoll(attempts[i - 1][1]));
  EXPECT_EQ(p_.Csv("select count(*) as n from copy"), "n\n1500000\n");
}

}  // namespace
}  // namespace strata::test

namespace strata::test {
namespace {

TEST(Lifecycle, OnDemandWithDryRunAndAYamlOverride) {
  ProjectFixture p("create table t (id int); insert into t values (1);");
  p.Write("tables.sql",
          "create table keep (id bigint) partitioned by (ds string) lifecycle 3;"
          "create table short (id bigint) partitioned by (ds string);");
  p.WriteProject(
      "  - { name: k, type: sync, source: { connection: src, table: t }, "
      "target: { table: keep, partition: \"ds=${bizdate}\" } }\n"
      "  - { name: s, type: sync, source: { connection: src, table: t }, "
      "target: { table: short, partition: \"ds=${bizdate}\" } }\n",
      "tables: [tables.sql]\nlifecycle: { short: 1 }\n");
  for (const char* day : {"01", "02", "03", "04", "05"}) {
    ProcessResult r = p.Strata({"run", "--date", std::string("202401") + day},
                               {{"STRATA_NOW", std::string("2024-01-") + day + "T12:00:00"}});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  std::map<std::string, std::string> at{{"STRATA_NOW", "2024-01-06T11:00:00"}};
  ProcessResult dry = p.Strata({"lifecycle", "--dry-run"}, at);
  EXPECT_NE(dry.out.find("would drop keep partition ds=20240101"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("6 partitions would be reclaimed"), std::string::npos) << dry.out;
  EXPECT_EQ(p.Csv("select count(*) as n from keep"), "n\n5\n");  // a dry run drops nothing
  ProcessResult real = p.Strata({"lifecycle"}, at);
  EXPECT_NE(real.out.find("6 partitions reclaimed"), std::string::npos) << real.out;
  // keep (3 days): modified on the 3rd, 4th, 5th stay; short (1 day, from strata.yaml): the 5th.
  EXPECT_EQ(p.Csv("show partitions keep"), "partition\nds=20240103\nds=20240104\nds=20240105\n");
  EXPECT_EQ(p.Csv("show partitions short"), "partition\nds=20240105\n");
}

}  // namespace
}  // namespace strata::test
