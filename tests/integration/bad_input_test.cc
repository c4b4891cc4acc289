// DESIGN.md invariant 6: wrong project files, parameters, SQL and flags get a
// clear one-line message naming the file, line or value, and a non-zero exit,
// and nothing in the warehouse changes.

#include <gtest/gtest.h>

#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kSource =
    "create table t (id int, name text); insert into t values (1, 'a');";
constexpr const char* kGoodNode = R"(  - name: copy_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_copy, partition: "ds=${bizdate}" }
)";

void ExpectFailure(const ProcessResult& r, const std::vector<std::string>& parts) {
  EXPECT_NE(r.status, 0) << r.out;
  for (const auto& part : parts) EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\n"), r.err.size() - 1) << "one line: " << r.err;
}

TEST(BadInput, ProjectFileErrorsNameFileLineAndKey) {
  ProjectFixture p(kSource);
  p.WriteProject("  - name: copy_t\n    type: sync\n    dependson: [x]\n");
  ExpectFailure(p.Strata({"run", "--date", "20240101"}),
                {"strata.yaml:7:", "dependson", "depends_on"});
  p.WriteProject(kGoodNode + std::string("    channels: 0\n"));
  ExpectFailure(p.Strata({"run"}), {"strata.yaml:9:", "channels"});
  p.Write("strata.yaml", "name: test\nnodes: [\n");
  ExpectFailure(p.Strata({"run"}), {"strata.yaml:"});
}

TEST(BadInput, ScheduleAndDagErrorsNameThePlace) {
  ProjectFixture p(kSource);
  p.WriteProject(kGoodNode + std::string("    schedule: { every: day, at: \"25:00\" }\n"));
  ExpectFailure(p.Strata({"status"}), {"strata.yaml:9:", "schedule.at", "25:00"});
  p.WriteProject(kGoodNode + std::string("    schedule: { cron: \"0 0 * *\" }\n"));
  ExpectFailure(p.Strata({"status"}), {"strata.yaml:9:", "5 fields"});
  p.WriteProject(kGoodNode + std::string("    depends_on_previous: [ghost]\n"));
  ExpectFailure(p.Strata({"status"}), {"strata.yaml:9:", "unknown node 'ghost'"});
  p.WriteProject(
      "  - name: x\n    type: sql\n    sql: select 1\n    depends_on: [y]\n"
      "  - name: y\n    type: sql\n    sql: select 1\n    depends_on: [x]\n");
  ExpectFailure(p.Strata({"run"}), {"dependency cycle: x -> y -> x"});
  p.Write("strata.yaml", "name: test\ntimezone: Mars/Olympus\n");
  ExpectFailure(p.Strata({"status"}), {"strata.yaml:2:", "Mars/Olympus"});
  p.WriteProject(kGoodNode, "lifecycle: { 'ods-oplog': 7 }\n");
  ExpectFailure(p.Strata({"status"}), {"strata.yaml:", "lifecycle.ods-oplog",
                                       "table name 'ods-oplog' is not a valid name"});
  p.WriteProject(kGoodNode, "lifecycle: { ods_oplog: 0 }\n");
  ExpectFailure(p.Strata({"status"}), {"strata.yaml:", "lifecycle.ods_oplog"});
  p.WriteProject(kGoodNode);
  ExpectFailure(p.Strata({"backfill", "--from", "20240105", "--to", "20240101"}),
                {"--from 20240105 is after --to 20240101"});
  ExpectFailure(p.Strata({"serve", "--until", "2024-13-01 00:00"}), {"2024-13-01"});
  ExpectFailure(p.Strata({"status"}, {{"STRATA_NOW", "yesterday"}}), {"STRATA_NOW", "yesterday"});
}

TEST(BadInput, MissingProjectFile) {
  TempDir empty;
  ExpectFailure(RunStrata({"-C", empty.path().string(), "tables"}), {"no strata.yaml"});
}

TEST(BadInput, PasswordInUrlIsRefusedWithoutEchoingIt) {
  ProjectFixture p;
  p.Write("strata.yaml",
          "name: test\nconnections:\n  db: { url: \"mysql://etl:s3cretpw@127.0.0.1/app\" }\n");
  ProcessResult r = p.Strata({"tables"});
  ExpectFailure(r, {"strata.yaml:3", "password_env"});
  EXPECT_EQ(r.err.find("s3cretpw"), std::string::npos);
}

TEST(BadInput, UnknownOrMalformedParametersAreErrorsNotLeftInSql) {
  ProjectFixture p(kSource);
  p.WriteProject(kGoodNode + std::string("    \n").substr(0, 0) +
                 "  - name: bad_where\n    type: sync\n"
                 "    source: { connection: src, table: t, where: \"id > ${yyyymmddx}\" }\n"
                 "    target: { table: t_bad }\n");
  ExpectFailure(p.Strata({"run", "--date", "20240101", "bad_where"}),
                {"bad_where", "${yyyymmddx}"});
  ExpectFailure(p.Strata({"sql", "select '$[yyyymmdd'"}), {"$[yyyymmdd"});
  EXPECT_EQ(
      p.Csv("select '${yyyymmdd-1}' as d, '$bizdate' as b, '$[yyyy-mm-dd]' as s").substr(0, 6),
      "d,b,s\n");
  ProcessResult ok = p.Strata({"sql", "--date", "20160301", "--format", "csv",
                               "select '${yyyymmdd-1}' as d, '$[yyyy-mm-dd]' as s"});
  EXPECT_EQ(ok.out, "d,s\n20160229,2016-03-02\n") << ok.err;
}

TEST(BadInput, BadSqlNamesTheStatementPlace) {
  ProjectFixture p(kSource);
  p.WriteProject(kGoodNode);
  p.Ok({"run", "--date", "20240101"});
  ExpectFailure(p.Strata({"sql", "select 1;\n  selec 2"}), {"<command line>:2:3:", "syntax error"});
  ExpectFailure(p.Strata({"sql", "insert overwrite table nosuch select 1"}),
                {"table 'nosuch' does not exist"});
  ExpectFailure(
      p.Strata({"sql", "insert overwrite table t_copy partition (ds='20240101') select 1"}),
      {"the query gives 1 columns; table 't_copy' has 2 (id, name)"});
  ExpectFailure(p.Strata({"sql", "insert overwrite table t_copy partition (dt='1') select 1, 'x'"}),
                {"does not match table 't_copy'", "ds="});
  ExpectFailure(p.Strata({"sql", "create table t_copy (a bigint)"}), {"already exists"});
  ExpectFailure(p.Strata({"sql", "create table x (a nosuchtype)"}), {"nosuchtype"});
  ExpectFailure(
      p.Strata({"sql", "insert overwrite table t_copy partition (ds='../x') select 1, 'x'"}),
      {"../x"});
  p.Write("q.sql", "select 1;\n\nselect * from nowhere;\n");
  ExpectFailure(p.Strata({"sql", "-f", (p.dir() / "q.sql").string()}), {"q.sql:3:1:", "nowhere"});
  // A failed statement changed nothing.
  EXPECT_EQ(p.Csv("select id, name, ds from t_copy"), "id,name,ds\n1,a,20240101\n");
}

TEST(BadInput, BadFlagsAndNames) {
  ProjectFixture p(kSource);
  p.WriteProject(kGoodNode);
  ExpectFailure(p.Strata({"run", "--date", "2024-01-01"}), {"--date '2024-01-01'", "YYYYMMDD"});
  ExpectFailure(p.Strata({"run", "--date", "20240230"}), {"20240230"});
  ExpectFailure(p.Strata({"run", "--date", "20240101", "nosuchnode"}),
                {"unknown node 'nosuchnode'"});
  ExpectFailure(p.Strata({"partitions", "nosuch"}), {"table 'nosuch' does not exist"});
  EXPECT_NE(p.Strata({"nosuchcommand"}).status, 0);
  EXPECT_NE(p.Strata({"sql", "--format", "xml", "select 1"}).status, 0);
}

TEST(BadInput, MissingSourceTableOrColumn) {
  ProjectFixture p(kSource);
  p.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: nosuch }\n"
      "    target: { table: x }\n"
      "  - name: m\n    type: sync\n"
      "    source: { connection: src, table: t, columns: [id, nosuch] }\n"
      "    target: { table: y }\n");
  ExpectFailure(p.Strata({"run", "--date", "20240101", "n"}),
                {"node 'n'", "'nosuch' does not exist"});
  ExpectFailure(p.Strata({"run", "--date", "20240101", "m"}), {"no column 'nosuch'"});
}

}  // namespace
}  // namespace strata::test
