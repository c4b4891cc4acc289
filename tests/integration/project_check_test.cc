// strata check, ls, compile and init, ${env:NAME} in strata.yaml, and
// finding the project from a subfolder: the everyday commands that say what
// a project would do before it does it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>

#include "project_fixture.h"

namespace strata::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSource =
    "create table events (id integer primary key, day text, body text);"
    "insert into events values (1, '2024-01-01', 'one'), (2, '2024-01-02', 'two');";

constexpr const char* kSyncNode =
    "  - name: load\n"
    "    type: sync\n"
    "    source: { connection: src, table: events, where: \"day = '${yyyy-mm-dd}'\" }\n"
    "    target: { table: ev, partition: \"ds=${bizdate}\" }\n";

constexpr const char* kSqlNode =
    "  - name: report\n"
    "    type: sql\n"
    "    depends_on: [load]\n"
    "    depends_on_previous: [self]\n"
    "    paused: true\n"
    "    sql_file: sql/report.sql\n";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Changes the working directory for one scope (strata is spawned in it).
class InDirectory {
 public:
  explicit InDirectory(const fs::path& dir) : old_(fs::current_path()) { fs::current_path(dir); }
  ~InDirectory() { fs::current_path(old_); }

 private:
  fs::path old_;
};

TEST(ProjectCheck, ParameterTypoIsPlacedByCheckAndRunBeforeAnythingRuns) {
  ProjectFixture p(kSource);
  p.WriteProject(
      "  - name: load\n    type: sync\n    source: { connection: src, table: events }\n"
      "    target: { table: ev, partition: \"ds=${bizdat}\" }\n");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"check"}, {"run", "--date", "20240101"}}) {
    ProcessResult r = p.Strata(args);
    EXPECT_NE(r.status, 0) << args[0];
    EXPECT_TRUE(Has(r.err, "strata: strata.yaml:8:41: ")) << r.err;  // at the expression
    EXPECT_TRUE(Has(r.err, "nodes[0].target.partition: unknown scheduling parameter '${bizdat}'"))
        << r.err;
  }
  EXPECT_FALSE(fs::exists(p.dir() / ".strata" / "state.db"));  // no instance was created
}

TEST(ProjectCheck, BadSqlFileIsPlacedAtItsLineAndColumn) {
  ProjectFixture p(kSource);
  p.WriteProject(std::string(kSyncNode) + kSqlNode);
  p.Write("sql/report.sql", "-- report\ninsert overwrite table rep\nselect * form ev;\n");
  ProcessResult r = p.Strata({"check"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(
      Has(r.err, "strata: sql/report.sql:3:15: Parser Error: syntax error at or near \"ev\""))
      << r.err;

  p.Write("sql/report.sql", "select 1;\n");
  p.WriteProject(std::string(kSyncNode) + kSqlNode, "tables: [tables/t.sql]\n");
  p.Write("tables/t.sql", "create table t (a bigint);\n\n  drop table u;\n");
  r = p.Strata({"check"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.err, "strata: tables/t.sql:3:3: a table file holds only CREATE TABLE"))
      << r.err;

  p.WriteProject(std::string(kSyncNode) + kSqlNode);
  p.Write("sql/report.sql", "select '${yyyymmddx}' as d;\n");
  r = p.Strata({"check"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.err, "sql/report.sql:1:9: unknown scheduling parameter '${yyyymmddx}'"))
      << r.err;
}

TEST(ProjectCheck, UnknownConnectionAndUnsetPasswordAreErrors) {
  ProjectFixture p(kSource);
  p.WriteProject(
      "  - name: load\n    type: sync\n    source: { connection: nope, table: events }\n"
      "    target: { table: ev }\n");
  ProcessResult r = p.Strata({"check"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.err, "strata.yaml:7:") && Has(r.err, "unknown connection 'nope'")) << r.err;

  p.Write("strata.yaml",
          "name: test\nconnections:\n  pg: { url: \"postgres://etl@h/app\", password_env: "
          "STRATA_CHECK_UNSET }\n");
  r = p.Strata({"check"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.err, "strata.yaml:3:") && Has(r.err, "STRATA_CHECK_UNSET")) << r.err;
}

TEST(ProjectCheck, ConnectDescribesEachSourceTable) {
  ProjectFixture p(kSource);
  p.WriteProject(kSyncNode);
  std::string out = p.Ok({"check", "--connect"});
  EXPECT_TRUE(Has(out, "ok    connection src")) << out;
  EXPECT_TRUE(Has(out, "ok    node load: table events")) << out;

  p.WriteProject(
      "  - name: gone\n    type: sync\n    source: { connection: src, table: missing }\n"
      "    target: { table: ev }\n");
  ProcessResult r = p.Strata({"check", "--connect"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.out, "ok    connection src")) << r.out;
  EXPECT_TRUE(Has(r.out, "FAIL  node gone: table missing: ")) << r.out;
}

// Parameters render for the business date a run started now would get
// (yesterday in the project's time zone), and check says which date that is:
// here a query whose table name holds the date describes only on that date.
TEST(ProjectCheck, RendersForTheDateARunStartedNowGets) {
  ProjectFixture p("create table events_20240301 (id integer primary key);");
  p.WriteProject(
      "  - name: load\n    type: sync\n"
      "    source: { connection: src, query: \"select id from events_${bizdate}\" }\n"
      "    target: { table: ev }\n",
      "timezone: Asia/Shanghai\n");
  // STRATA_NOW is read in the process's zone (UTC here): 2024-03-01 20:00
  // UTC is already 2024-03-02 in Shanghai, the project's zone, so a run now
  // is for 20240301 (in UTC it would be for 20240229).
  std::map<std::string, std::string> env = {{"STRATA_NOW", "2024-03-01T20:00:00"}, {"TZ", "UTC"}};
  ProcessResult r = p.Strata({"check", "--connect"}, env);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "parameters rendered for bizdate 20240301 (a run started now)")) << r.out;
  EXPECT_TRUE(Has(r.out, "ok    node load: query")) << r.out;

  env["STRATA_NOW"] = "2024-03-01T10:00:00";  // 18:00 in Shanghai: a run is for 20240229
  r = p.Strata({"check", "--connect"}, env);
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.out, "bizdate 20240229")) << r.out;
  EXPECT_TRUE(Has(r.out, "FAIL  node load: query: ")) << r.out;
  EXPECT_TRUE(Has(r.out, "events_20240229")) << r.out;
}

TEST(ProjectCheck, LsListsNodesAsTextAndJson) {
  ProjectFixture p(kSource);
  p.WriteProject(std::string(kSyncNode) + kSqlNode);
  p.Write("sql/report.sql", "select 1;\n");
  std::string text = p.Ok({"ls"});
  EXPECT_TRUE(Has(text, "NODE")) << text;
  EXPECT_TRUE(Has(text, "src:events")) << text;
  EXPECT_TRUE(Has(text, "ev/ds=${bizdate}")) << text;

  nlohmann::json nodes = nlohmann::json::parse(p.Ok({"ls", "--format", "json"}));
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0]["name"], "load");
  EXPECT_EQ(nodes[0]["type"], "sync");
  EXPECT_EQ(nodes[0]["schedule"], "daily at 00:00");
  EXPECT_EQ(nodes[0]["mode"], "overwrite");
  EXPECT_EQ(nodes[0]["paused"], false);
  EXPECT_EQ(nodes[1]["type"], "sql");
  EXPECT_EQ(nodes[1]["depends_on"], nlohmann::json::array({"load"}));
  EXPECT_EQ(nodes[1]["depends_on_previous"], nlohmann::json::array({"self"}));
  EXPECT_EQ(nodes[1]["source"], "sql/report.sql");
  EXPECT_EQ(nodes[1]["paused"], true);
}

TEST(ProjectCheck, CompileSubstitutesParametersWithoutRunning) {
  ProjectFixture p(kSource);
  p.WriteProject(std::string(kSyncNode) + kSqlNode);
  p.Write("sql/report.sql", "select * from ev\nwhere ds = '${bizdate}' and x < '$[yyyymmdd]';\n");
  std::string out = p.Ok({"compile", "load", "--date", "20240102"});
  EXPECT_TRUE(Has(out, "where: day = '2024-01-02'\n")) << out;
  EXPECT_TRUE(Has(out, "partition ds=20240102")) << out;
  out = p.Ok({"compile", "report", "--date", "20240102"});
  EXPECT_TRUE(Has(out, "select * from ev\nwhere ds = '20240102' and x < '20240103';\n")) << out;
  EXPECT_FALSE(fs::exists(p.dir() / ".strata" / "state.db"));
  ProcessResult r = p.Strata({"compile", "nope"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.err, "unknown node 'nope'")) << r.err;
}

TEST(ProjectCheck, EnvironmentVariablesInUrls) {
  ProjectFixture p(kSource);
  p.Write("strata.yaml",
          "name: test\nconnections:\n  src: { url: \"sqlite:${env:STRATA_DB}\" }\n"
          "nodes:\n" +
              std::string(kSyncNode));
  ProcessResult r = p.Strata({"check"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.err, "strata.yaml:3:") && Has(r.err, "environment variable STRATA_DB"))
      << r.err;
  r = p.Strata({"run", "--date", "20240101"}, {{"STRATA_DB", "source.db"}});
  EXPECT_EQ(r.status, 0) << r.err;
  // Every command loads strata.yaml, so `sql` needs the variable too.
  r = p.Strata({"sql", "--format", "csv", "select id from ev"}, {{"STRATA_DB", "source.db"}});
  EXPECT_EQ(r.out, "id\n1\n") << r.err;
}

TEST(ProjectCheck, FindsTheProjectFromASubfolderAndTakesDashCLate) {
  ProjectFixture p(kSource);
  p.WriteProject(kSyncNode);
  fs::create_directories(p.dir() / "sql" / "deeper");
  {
    InDirectory in(p.dir() / "sql" / "deeper");
    ProcessResult r = RunStrata({"ls"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(Has(r.out, "load")) << r.out;
  }
  ProcessResult r = RunStrata({"ls", "-C", p.dir().string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "src:events")) << r.out;
}

TEST(ProjectCheck, InitWritesAProjectThatChecksAndRuns) {
  TempDir tmp;
  fs::path dir = tmp.path() / "starter";
  ProcessResult r = RunStrata({"init", dir.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  r = RunStrata({"-C", dir.string(), "check"});
  EXPECT_EQ(r.status, 0) << r.err;
  r = RunStrata({"-C", dir.string(), "run", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(SqlCsv(dir, "select orders, amount from daily_orders where ds = '20240101'"),
            "orders,amount\n2,19.5\n");
  fs::path other = tmp.path() / "other";
  r = RunStrata({"-C", other.string(), "init"});  // -C names the folder too
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(other / "strata.yaml"));
  r = RunStrata({"init", dir.string()});
  EXPECT_NE(r.status, 0);  // never over an existing project
  EXPECT_TRUE(Has(r.err, "already exists")) << r.err;
}

TEST(ProjectCheck, UnquotedNullZeroDateIsAccepted) {
  ProjectFixture p(kSource);
  p.WriteProject(
      "  - name: load\n    type: sync\n"
      "    source:\n      connection: src\n      table: events\n      zero_date: null\n"
      "    target: { table: ev }\n");
  p.Ok({"check"});
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select count(*) as n from ev"), "n\n2\n");
}

}  // namespace
}  // namespace strata::test
