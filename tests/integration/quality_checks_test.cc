// Quality rules (`checks:`) on a sync node and a SQL node, against an
// embedded SQLite source: each rule kind passes and fails on purpose; a
// failing strong rule publishes nothing (the previous partition stays, same
// files, same rows) and its descendants do not run in `run`, `backfill` and
// `serve`; a failing weak rule publishes, lets them run, and shows in
// `status` and `log`.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "quality_fixture.h"

namespace strata::test {
namespace {

namespace fs = std::filesystem;

// id 3 has a NULL v, id 2 a negative amount; status 'ok' twice.
constexpr const char* kSource =
    "create table t (id integer primary key, v text, amount real, status text);"
    "insert into t values (1, 'x', 10, 'ok'), (2, 'y', -5, 'ok'), (3, null, 30, 'late');";

// a copies t into a_out/ds=<bizdate> under `a_checks`; b counts a's rows.
std::string Nodes(const std::string& a_checks, const std::string& b_checks = "") {
  std::string out = R"(  - name: a
    type: sync
    source: { connection: src, table: t }
    target: { table: a_out, partition: "ds=${bizdate}" }
)";
  if (!a_checks.empty()) out += "    checks:\n" + a_checks;
  out += R"(  - name: b
    type: sql
    depends_on: [a]
    sql: "insert overwrite table b_out partition (ds='${bizdate}') select count(*) from a_out where ds = '${bizdate}'"
)";
  if (!b_checks.empty()) out += "    checks:\n" + b_checks;
  return out;
}

class QualityChecks : public ::testing::Test {
 protected:
  QualityChecks() : p_(kSource) {
    p_.Write("tables.sql", "create table b_out (n bigint) partitioned by (ds string);");
  }
  void Project(const std::string& a_checks, const std::string& b_checks = "") {
    p_.WriteProject(Nodes(a_checks, b_checks), "tables: [tables.sql]\n");
  }
  std::string One(const std::string& sql) { return StateScalar(p_.dir(), sql); }
  std::string Partition(const std::string& table, const std::string& spec) {
    return CatalogPartition(p_.dir(), table, spec);
  }
  std::string Files(const std::string& rel) { return FolderFiles(p_.dir(), rel); }
  int Attempts(const std::string& node) { return NodeAttempts(p_.dir(), node); }
  ProjectFixture p_;
};

struct RuleCase {
  const char* name;
  const char* passing;  // a checks list item that holds on kSource
  const char* failing;  // one that does not
  const char* says;     // what the failure message holds
};

const RuleCase kCases[] = {
    {"row_count", "      - row_count: { min: 3, max: 3 }\n", "      - row_count: { min: 4 }\n",
     "row_count(min 4): 3 rows, fewer than 4"},
    {"not_null", "      - not_null: [id, status]\n", "      - not_null: [id, v]\n",
     "not_null(id, v): 1 row with NULL; e.g. (id=3, v=NULL"},
    {"unique", "      - unique: [id]\n", "      - unique: [status]\n",
     "unique(status): 1 duplicated value; e.g. (status=ok, copies=2)"},
    {"accepted_values", "      - accepted_values: { column: status, values: [ok, late] }\n",
     "      - accepted_values: { column: status, values: [ok] }\n",
     "1 row with another value; e.g. (id=3"},
    {"expression", "      - expression: \"id > 0 -- ids start at 1\"\n",
     "      - expression: \"amount >= 0\"\n",
     "expression(amount >= 0): 1 row where it is false; e.g. (id=2"},
    {"sql", "      - sql: \"select * from a_out where ds = '${bizdate}' and id > 100\"\n",
     // A trailing comment must not swallow what strata wraps around the query.
     "      - sql: \"select id from a_out where ds = '${bizdate}' and v is null -- no v\"\n",
     "1 failing row; e.g. (id=3)"},
};

TEST_F(QualityChecks, EachRuleKindPassesAndFailsOnASyncNode) {
  for (const RuleCase& c : kCases) {
    Project(c.failing);
    ProcessResult bad = p_.Strata({"run", "--date", "20240101", "a"});
    EXPECT_NE(bad.status, 0) << c.name;
    EXPECT_NE(bad.err.find("strong check failed on a_out partition ds=20240101, nothing published"),
              std::string::npos)
        << c.name << ": " << bad.out << bad.err;
    EXPECT_NE(bad.err.find(c.says), std::string::npos) << c.name << ": " << bad.err;
    EXPECT_EQ(Partition("a_out", "ds=20240101"), "none") << c.name;

    Project(c.passing);
    ProcessResult good = p_.Strata({"run", "--date", "20240101", "a"});
    EXPECT_EQ(good.status, 0) << c.name << ": " << good.out << good.err;
    EXPECT_NE(Partition("a_out", "ds=20240101"), "none") << c.name;
    EXPECT_EQ(One("select count(*) from check_results where passed = 1"), "1") << c.name;
    // Back to no partition for the next kind.
    fs::remove_all(p_.dir() / "warehouse");
    fs::remove_all(p_.dir() / ".strata");
  }
}

TEST_F(QualityChecks, RowCountChangeComparesWithThePreviousBusinessDate) {
  Project("      - row_count_change: { vs: previous, max_percent: 30 }\n");
  // The first date has nothing to compare with: it passes, saying so.
  p_.Ok({"run", "--date", "20240101", "a"});
  EXPECT_NE(One("select detail from check_results")
                .find("3 rows; no partition ds=20231231: not compared"),
            std::string::npos);
  p_.Source("insert into t values (4, 'z', 1, 'ok'), (5, 'w', 1, 'ok');");  // 3 -> 5: +66.7%
  ProcessResult bad = p_.Strata({"run", "--date", "20240102", "a"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("5 rows vs 3 in ds=20240101: +66.7% (at most 30%)"), std::string::npos)
      << bad.err;
  EXPECT_EQ(Partition("a_out", "ds=20240102"), "none");
  Project("      - row_count_change: { vs: previous, max_percent: 70 }\n");
  p_.Ok({"run", "--date", "20240102", "a"});
  EXPECT_EQ(
      Partition("a_out", "ds=20240102").substr(Partition("a_out", "ds=20240102").find(' ') + 1, 1),
      "5");
}

TEST_F(QualityChecks, RulesOnASqlNodeReadItsInsert) {
  Project("", "      - row_count: { min: 2 }\n");
  ProcessResult bad = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("strong check failed on b_out partition ds=20240101"), std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("1 row, fewer than 2"), std::string::npos) << bad.err;
  EXPECT_EQ(Partition("b_out", "ds=20240101"), "none");
  EXPECT_NE(p_.Ok({"compile", "b", "--date", "20240101"})
                .find("-- check (strong) on b_out: row_count(min 2)"),
            std::string::npos);
  Project("", "      - expression: \"n = 3\"\n        table: b_out\n");
  p_.Ok({"run", "--date", "20240101"});
  EXPECT_NE(Partition("b_out", "ds=20240101"), "none");
}

TEST_F(QualityChecks, AFailingStrongRuleKeepsThePreviousPartitionAndBlocksRun) {
  Project("      - not_null: [v]\n");
  p_.Source("update t set v = 'filled' where id = 3;");
  p_.Ok({"run", "--date", "20240101"});
  std::string before = Partition("a_out", "ds=20240101");
  std::string files = Files("a_out/ds=20240101");
  std::string rows = p_.Csv("select id, v from a_out order by id");
  ASSERT_EQ(Attempts("b"), 1);

  p_.Source("update t set v = null where id = 3;");
  ProcessResult bad = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.out.find("not run: upstream a 20240101 failed"), std::string::npos)
      << bad.out << bad.err;
  EXPECT_EQ(Partition("a_out", "ds=20240101"), before);
  EXPECT_EQ(Files("a_out/ds=20240101"), files);
  EXPECT_EQ(p_.Csv("select id, v from a_out order by id"), rows);
  EXPECT_EQ(Attempts("b"), 1);  // b did not run again
  // Nothing is left in staging.
  EXPECT_TRUE(StagingEmpty(p_.dir()));

  std::string status = p_.Ok({"status", "--date", "20240101"});
  EXPECT_NE(status.find("failed x1"), std::string::npos) << status;
  EXPECT_NE(
      status.find("a 20240101: FAIL strong not_null(v) on a_out ds=20240101: 1 row with NULL"),
      std::string::npos)
      << status;
  std::string log = p_.Ok({"log", "a", "--date", "20240101"});
  EXPECT_NE(log.find("check FAIL strong not_null(v)"), std::string::npos) << log;
}

TEST_F(QualityChecks, AFailingStrongRuleBlocksBackfillAndServe) {
  Project("      - not_null: [v]\n");
  ProcessResult backfill = p_.Strata({"backfill", "--from", "20240101", "--to", "20240102"});
  EXPECT_NE(backfill.status, 0);
  EXPECT_EQ(One("select count(*) from instances where node = 'a' and state = 'failed'"), "2");
  EXPECT_EQ(Attempts("b"), 0) << backfill.out;
  EXPECT_EQ(Partition("a_out", "ds=20240101"), "none");

  ProcessResult serve = p_.Strata({"serve", "--until", "2024-01-05T00:00:40"},
                                  {{"STRATA_NOW", "2024-01-04T00:00:30"}});
  EXPECT_EQ(serve.status, 0) << serve.out << serve.err;
  EXPECT_NE(One("select count(*) from instances where node = 'a' and bizdate >= '20240103' "
                "and state = 'failed'"),
            "0")
      << serve.out;
  EXPECT_EQ(Attempts("b"), 0) << serve.out;
  EXPECT_NE(One("select message from instances where node = 'a' and bizdate = '20240103'")
                .find("strong check failed on a_out partition ds=20240103"),
            std::string::npos);
}

TEST_F(QualityChecks, AWeakRuleWarnsPublishesAndLetsDescendantsRun) {
  Project("      - not_null: [v]\n        level: weak\n      - row_count: { min: 1 }\n");
  std::string out = p_.Ok({"run", "--date", "20240101"});
  EXPECT_NE(out.find("a bizdate 20240101 succeeded (1 weak check failed)"), std::string::npos)
      << out;
  EXPECT_EQ(Attempts("b"), 1);
  EXPECT_EQ(p_.Csv("select n from b_out"), "n\n3\n");
  std::string status = p_.Ok({"status", "--date", "20240101"});
  EXPECT_NE(status.find("succeeded !1"), std::string::npos) << status;
  EXPECT_NE(status.find("a 20240101: WARN weak not_null(v) on a_out ds=20240101: 1 row with NULL"),
            std::string::npos)
      << status;
  std::string json = p_.Ok({"status", "--date", "20240101", "--format", "json"});
  EXPECT_NE(json.find("\"passed\": false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"level\": \"weak\""), std::string::npos) << json;
  std::string log = p_.Ok({"log", "a", "--date", "20240101"});
  EXPECT_NE(log.find("check WARN weak not_null(v)"), std::string::npos) << log;
  std::string log_json = p_.Ok({"log", "a", "--date", "20240101", "--format", "json"});
  EXPECT_NE(log_json.find("\"rule\": \"not_null(v)\""), std::string::npos) << log_json;
  EXPECT_NE(log.find("check ok   strong row_count(min 1) on a_out ds=20240101: 3 rows"),
            std::string::npos)
      << log;

  // backfill and serve likewise publish, warn and run the descendants.
  p_.Ok({"backfill", "--from", "20240102", "--to", "20240103"});
  ProcessResult serve = p_.Strata({"serve", "--until", "2024-01-05T00:00:40"},
                                  {{"STRATA_NOW", "2024-01-05T00:00:30"}});
  ASSERT_EQ(serve.status, 0) << serve.out << serve.err;
  EXPECT_EQ(One("select count(*) from instances where node = 'b' and state = 'succeeded'"), "4");
  EXPECT_EQ(One("select count(*) from instances where node = 'a' and message = "
                "'1 weak check failed'"),
            "4");
  EXPECT_EQ(p_.Csv("select ds, n from b_out order by ds"),
            "ds,n\n20240101,3\n20240102,3\n20240103,3\n20240104,3\n");
}

// A merge table is one unpartitioned version of the table: its rules see
// the whole merged table, and row_count_change compares it with the version
// published now (the previous run's).
TEST_F(QualityChecks, RulesOnAMergeTableGateItsNewVersion) {
  p_.WriteProject(R"(  - name: m
    type: sync
    source: { connection: src, table: t }
    target: { table: m_out, mode: merge, key: [id] }
    checks:
      - row_count_change: { vs: previous, max_percent: 50 }
      - unique: [id]
)");
  p_.Ok({"run", "--date", "20240101"});
  EXPECT_NE(One("select detail from check_results where rule like 'row_count_change%'")
                .find("3 rows; nothing published yet: not compared"),
            std::string::npos);
  std::string before = Partition("m_out", "");
  p_.Source("insert into t values (4, 'a', 1, 'ok'), (5, 'b', 1, 'ok');");  // 3 -> 5
  ProcessResult bad = p_.Strata({"run", "--date", "20240102"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("5 rows vs 3 in the published table: +66.7% (at most 50%)"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(Partition("m_out", ""), before);
  EXPECT_EQ(p_.Csv("select count(*) as n from m_out"), "n\n3\n");
  p_.Source("delete from t where id = 5;");  // 3 -> 4: +33.3%
  p_.Ok({"rerun", "m", "--date", "20240102"});
  EXPECT_EQ(p_.Csv("select count(*) as n from m_out"), "n\n4\n");
}

TEST_F(QualityChecks, MistakesNameTheirLine) {
  struct Bad {
    const char* checks;
    const char* says;
  };
  const Bad kBad[] = {
      {"      - not_nul: [v]\n", "strata.yaml:11:9: nodes[0].checks[0].not_nul: unknown key"},
      {"      - row_count: { min: -1 }\n", "strata.yaml:11:27: nodes[0].checks[0].row_count.min"},
      {"      - row_count: { min: 5, max: 2 }\n", "min 5 is greater than max 2"},
      {"      - row_count_change: { max_percent: lots }\n",
       "strata.yaml:11:42: nodes[0].checks[0].row_count_change.max_percent"},
      {"      - not_null: [v]\n        level: hard\n",
       "strata.yaml:12:16: nodes[0].checks[0].level: expected 'strong' or 'weak', got 'hard'"},
      {"      - not_null: [v]\n        unique: [id]\n", "one rule per list item"},
      {"      - level: weak\n", "strata.yaml:11:9: nodes[0].checks[0]: no rule"},
      {"      - not_null: [v]\n        table: other\n", "writes table 'a_out', not 'other'"},
  };
  for (const Bad& b : kBad) {
    Project(b.checks);
    ProcessResult r = p_.Strata({"check"});
    EXPECT_NE(r.status, 0) << b.checks;
    EXPECT_NE(r.err.find(b.says), std::string::npos) << b.checks << r.err;
  }
  // What only `check` (and run) can tell: a column the table file does not
  // declare, SQL that does not parse, a parameter that does not render.
  Project("", "      - not_null: [m]\n");
  ProcessResult r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("strata.yaml:15:9: nodes[1].checks[0]: column 'm' is not in table 'b_out'"),
            std::string::npos)
      << r.err;
  Project("      - expression: \"amount >= \"\n");
  r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("strata.yaml:11:9: nodes[0].checks[0]: Parser Error"), std::string::npos)
      << r.err;
  Project("      - sql: \"select * from a_out where ds = '${bizdat}'\"\n");
  r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("strata.yaml:11:9: nodes[0].checks[0]: unknown scheduling parameter"),
            std::string::npos)
      << r.err;
  // check --connect: a column the source does not give.
  Project("      - not_null: [id, vv]\n");
  r = p_.Strata({"check", "--connect"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("FAIL  node a: table t: strata.yaml:11:9: nodes[0].checks[0]: column 'vv' "
                       "is not among the columns the source gives (id, v, amount, status)"),
            std::string::npos)
      << r.out << r.err;
  // At run time, a column the synced table lacks.
  Project("      - unique: [nope]\n");
  r = p_.Strata({"run", "--date", "20240101", "a"});
  EXPECT_NE(r.err.find("strata.yaml:11:9: nodes[0].checks[0]: column 'nope' is not in table "
                       "'a_out' (its columns: id, v, amount, status, ds)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Partition("a_out", "ds=20240101"), "none");
  // A rule whose SQL fails on the data, weak or not, fails the instance
  // and is listed with the others.
  Project("      - expression: \"cast(v as integer) > 0\"\n        level: weak\n");
  r = p_.Strata({"run", "--date", "20240101", "a"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("strata.yaml:11:9: nodes[0].checks[0]: check expression(cast(v as integer) "
                       "> 0) could not run: Conversion Error"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Partition("a_out", "ds=20240101"), "none");
  EXPECT_NE(p_.Ok({"status", "--date", "20240101"}).find("failed !1"), std::string::npos);
}

}  // namespace
}  // namespace strata::test
