// What the command line prints for everyday mistakes and for machine-readable
// output: one `strata: ...` line and exit 2 for usage errors, typed JSON from
// `sql`, `status`, `tables`, `partitions`.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "project_fixture.h"

namespace strata::test {
namespace {

// One line on stderr, starting with "strata: ", nothing on stdout.
void ExpectUsageError(const ProcessResult& r, const std::string& needle) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("strata: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

TEST(CliOutput, CommandLineMistakesAreOneLineAndExitTwo) {
  ProjectFixture p;
  p.WriteProject("[]\n");
  ExpectUsageError(p.Strata({"frobnicate"}), "unknown command 'frobnicate'");
  ExpectUsageError(p.Strata({"tables", "extra"}), "extra");
  ExpectUsageError(p.Strata({"status", "--date"}), "--date");
  ExpectUsageError(p.Strata({"backfill", "--from", "20240101"}), "--to");
  ExpectUsageError(p.Strata({"sql", "--format", "xml", "select 1"}), "xml");
}

TEST(CliOutput, HelpAndVersionStillPrintAndExitZero) {
  ProjectFixture p;
  auto help = p.Strata({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("backfill"), std::string::npos) << help.out;
  auto sub = p.Strata({"run", "--help"});
  EXPECT_EQ(sub.status, 0);
  EXPECT_NE(sub.out.find("--date"), std::string::npos) << sub.out;
  auto version = p.Strata({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out.rfind("strata ", 0), 0u) << version.out;
}

TEST(CliOutput, BadDatesNameTheFlagAndValue) {
  ProjectFixture p;
  p.WriteProject("[]\n");
  ExpectUsageError(p.Strata({"backfill", "--from", "20240105", "--to", "20240101"}),
                   "--from 20240105 is after --to 20240101");
  ExpectUsageError(p.Strata({"status", "--from", "20240105", "--to", "20240101"}),
                   "--from 20240105 is after --to 20240101");
  ExpectUsageError(p.Strata({"status", "--date", "20240230"}),
                   "--date '20240230' is not a calendar date: 2024-02 has 29 days");
  ExpectUsageError(p.Strata({"run", "--date", "2024-01-01"}),
                   "--date '2024-01-01' is not a date in the form YYYYMMDD");
}

TEST(CliOutput, SqlJsonIsTyped) {
  ProjectFixture p;
  p.WriteProject("[]\n");
  std::string out = p.Ok({"sql", "--format", "json",
                          "select 42::bigint as n, 1.50::decimal(12,2) as d, 0.5::double as f, "
                          "true as b, null as z, '' as e, [1, 2] as l, "
                          "{'k': 'v', 'n': [true]} as s, "
                          "timestamptz '2024-01-01 10:00:00+00' as tz"});
  auto j = nlohmann::json::parse(out)[0];
  EXPECT_EQ(j["n"], 42) << out;
  EXPECT_EQ(j["d"], "1.50") << out;
  EXPECT_EQ(j["f"], 0.5) << out;
  EXPECT_EQ(j["b"], true) << out;
  EXPECT_TRUE(j["z"].is_null()) << out;
  EXPECT_EQ(j["e"], "") << out;
  EXPECT_EQ(j["l"], nlohmann::json::parse("[1,2]")) << out;
  EXPECT_EQ(j["s"], nlohmann::json::parse(R"({"k":"v","n":[true]})")) << out;
  EXPECT_EQ(j["tz"], "2024-01-01T10:00:00+00:00") << out;
}

TEST(CliOutput, SqlCsvTellsNullFromEmpty) {
  ProjectFixture p;
  p.WriteProject("[]\n");
  std::string q = "select null as a, '' as b, 'x' as c";
  EXPECT_EQ(p.Ok({"sql", "--format", "csv", q}), "a,b,c\n,\"\",x\n");
  EXPECT_EQ(p.Ok({"sql", "--format", "csv", "--null-as", "\\N", q}), "a,b,c\n\\N,\"\",x\n");
  ExpectUsageError(p.Strata({"sql", "--null-as", "x", q}), "--null-as");
}

// A sync node `a` of table t, a SQL node `b` after it that fails while the
// file gate.csv is missing, `c` after `b`.
std::string ChainNodes(const std::filesystem::path& dir) {
  return R"(  - { name: a, type: sync, source: { connection: src, table: t },
      target: { table: a_out, partition: "ds=${bizdate}" } }
  - name: b
    type: sql
    depends_on: [a]
    sql: "insert overwrite table b_out partition (ds='${bizdate}') select count(*) from a_out, read_csv(')" +
         (dir / "gate.csv").string() + R"(') where ds = '${bizdate}'"
  - name: c
    type: sql
    depends_on: [b]
    sql: "insert overwrite table c_out partition (ds='${bizdate}') select n from b_out where ds = '${bizdate}'"
)";
}
constexpr const char* kChainTables = "tables: [tables.sql]\nlifecycle: { a_out: 30 }\n";
constexpr const char* kChainDdl =
    "create table b_out (n bigint) partitioned by (ds string) lifecycle 7;"
    "create table c_out (n bigint) partitioned by (ds string);";

class Chain : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.Source("create table t (id int); insert into t values (1), (2);");
    p_.Write("tables.sql", kChainDdl);
    p_.Write("gate.csv", "x\n1\n");
    p_.WriteProject(ChainNodes(p_.dir()), kChainTables);
  }
  // node -> its attempt count on 20240101 (absent: no instance).
  std::map<std::string, int> Attempts() {
    std::map<std::string, int> out;
    for (const auto& i : Json({"status", "--date", "20240101"})) out[i["node"]] = i["attempt"];
    return out;
  }
  nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "json"});
    std::string out = p_.Ok(args);
    return nlohmann::json::parse(out);
  }
  // The state `status --format json` gives `node` on 20240101.
  std::string StateOf(const std::string& node) {
    for (const auto& i : Json({"status", "--date", "20240101"}))
      if (i["node"] == node) return i["state"];
    return "(none)";
  }
  ProjectFixture p_;
};

TEST_F(Chain, StatusTablesPartitionsAndLogAsJson) {
  p_.Ok({"run", "--date", "20240101"});
  auto status = Json({"status", "--date", "20240101"});
  ASSERT_EQ(status.size(), 3u) << status;
  EXPECT_EQ(status[0]["node"], "a");
  EXPECT_EQ(status[0]["bizdate"], "20240101");
  EXPECT_EQ(status[0]["state"], "succeeded");
  EXPECT_EQ(status[0]["attempt"], 1);
  EXPECT_TRUE(status[0]["started"].is_string()) << status;
  EXPECT_TRUE(status[0]["ended"].is_string()) << status;
  auto tables = Json({"tables"});
  std::map<std::string, nlohmann::json> lifecycle;
  for (const auto& t : tables) lifecycle[t["table"]] = t["lifecycle"];
  EXPECT_EQ(lifecycle["a_out"], 30) << tables;  // strata.yaml's override
  EXPECT_EQ(lifecycle["b_out"], 7) << tables;   // the DDL's
  EXPECT_TRUE(lifecycle["c_out"].is_null()) << tables;
  auto parts = Json({"partitions", "a_out"});
  ASSERT_EQ(parts.size(), 1u) << parts;
  EXPECT_EQ(parts[0]["partition"], "ds=20240101");
  EXPECT_EQ(parts[0]["rows"], 2);
  auto log = Json({"log", "a", "--date", "20240101"});
  ASSERT_EQ(log.size(), 1u) << log;
  EXPECT_EQ(log[0]["state"], "succeeded");
  EXPECT_FALSE(log[0]["log"].get<std::string>().empty()) << log;
}

TEST_F(Chain, DescendantsOfAFailedNodeShowBlocked) {
  std::filesystem::remove(p_.dir() / "gate.csv");
  EXPECT_NE(p_.Strata({"run", "--date", "20240101"}).status, 0);
  EXPECT_EQ(StateOf("a"), "succeeded");
  EXPECT_EQ(StateOf("b"), "failed");
  EXPECT_EQ(StateOf("c"), "blocked");
  std::string grid = p_.Ok({"status", "--date", "20240101"});
  EXPECT_NE(grid.find("blocked"), std::string::npos) << grid;
  EXPECT_EQ(grid.find("waiting"), std::string::npos) << grid;
}

TEST_F(Chain, AKilledRunIsNotShownRunning) {
  auto r = p_.Strata({"run", "--date", "20240101", "a"},
                     {{"STRATA_FAILPOINT", "commit.before_prepare"}});
  ASSERT_NE(r.status, 0);
  EXPECT_EQ(StateOf("a"), "interrupted");
  std::string grid = p_.Ok({"status", "--date", "20240101"});
  EXPECT_EQ(grid.find("running"), std::string::npos) << grid;
  p_.Ok({"run", "--date", "20240101", "a"});
  EXPECT_EQ(StateOf("a"), "succeeded");
}

TEST_F(Chain, RunFailedRunsOnlyWhatHasNotSucceeded) {
  std::filesystem::remove(p_.dir() / "gate.csv");
  EXPECT_NE(p_.Strata({"run", "--date", "20240101"}).status, 0);
  p_.Write("gate.csv", "x\n1\n");
  p_.Ok({"run", "--failed", "--date", "20240101"});
  auto attempts = Attempts();
  EXPECT_EQ(attempts["a"], 1);  // succeeded before: not run again
  EXPECT_EQ(attempts["b"], 2);
  EXPECT_EQ(attempts["c"], 1);
  EXPECT_EQ(StateOf("c"), "succeeded");
}

TEST_F(Chain, SelectorsPickDescendantsOrAncestors) {
  p_.Ok({"run", "--date", "20240101", "+b"});
  auto attempts = Attempts();
  EXPECT_EQ(attempts.count("a"), 1u);
  EXPECT_EQ(attempts.count("b"), 1u);
  EXPECT_EQ(attempts.count("c"), 0u);
  p_.Ok({"run", "--date", "20240101", "b+"});
  attempts = Attempts();
  EXPECT_EQ(attempts["a"], 1);
  EXPECT_EQ(attempts["b"], 2);
  EXPECT_EQ(attempts["c"], 1);
  p_.Ok({"rerun", "a", "c", "--date", "20240101"});
  attempts = Attempts();
  EXPECT_EQ(attempts["a"], 2);
  EXPECT_EQ(attempts["b"], 2);
  EXPECT_EQ(attempts["c"], 2);
  p_.Ok({"backfill", "--from", "20240102", "--to", "20240102", "a+"});
  EXPECT_EQ(p_.Csv("select n from c_out where ds = '20240102'"), "n\n2\n");
  auto r = p_.Strata({"run", "--date", "20240101", "nope+"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("unknown node 'nope'"), std::string::npos) << r.err;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST_F(Chain, RunPrintsOneStartLineAndEachFailureOnce) {
  std::filesystem::remove(p_.dir() / "gate.csv");
  auto r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(Count(r.out, "== a bizdate 20240101") + Count(r.out, "start a bizdate"), 1u) << r.out;
  EXPECT_EQ(Count(r.out, "== b bizdate 20240101") + Count(r.out, "start b bizdate"), 1u) << r.out;
  EXPECT_EQ(Count(r.out + r.err, "No files found"), 1u) << r.out << r.err;
  // The log file keeps the cause.
  EXPECT_NE(p_.Ok({"log", "b", "--date", "20240101"}).find("No files found"), std::string::npos);
}

TEST_F(Chain, AKilledAttemptKeepsItsLog) {
  auto r = p_.Strata({"run", "--date", "20240101", "a"},
                     {{"STRATA_FAILPOINT", "commit.before_prepare"}});
  ASSERT_NE(r.status, 0);
  std::string log = p_.Ok({"log", "a", "--date", "20240101"});
  EXPECT_NE(log.find("== a bizdate 20240101"), std::string::npos) << log;
  std::string followed = p_.Ok({"log", "-f", "a", "--date", "20240101"});
  EXPECT_NE(followed.find("== a bizdate 20240101"), std::string::npos) << followed;
  EXPECT_NE(followed.find("interrupted"), std::string::npos) << followed;
}

TEST_F(Chain, LogFollowPrintsAFinishedInstanceAndEnds) {
  p_.Ok({"run", "--date", "20240101", "a"});
  std::string followed = p_.Ok({"log", "--follow", "a", "--date", "20240101"});
  EXPECT_EQ(Count(followed, "== a bizdate 20240101"), 1u) << followed;
  EXPECT_NE(followed.find("# a bizdate 20240101: succeeded"), std::string::npos) << followed;
}

}  // namespace
}  // namespace strata::test
