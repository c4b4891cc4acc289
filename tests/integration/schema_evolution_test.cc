// Schema evolution (issue 14): between two daily runs the source gains a
// column, widens types, loses a column, narrows one or changes one
// incompatibly. A full-snapshot node and an incremental node follow it under
// `schema: evolve`; `freeze` and `fail` refuse what they must. After each
// change `select *` over every partition shows the right values and NULLs,
// `desc` the new schema, `desc t history` the change; a refused change fails
// the node with its message and commits nothing.

#include "csv.h"
#include "mysql_test_util.h"
#include "postgres_server.h"

namespace strata::test {
namespace {

std::string Nodes() {
  return SyncNode("snap", "table: people", "ods_people") +
         SyncNode("inc", "table: people, where: \"day = '${bizdate}'\"", "ods_people_inc");
}

void Insert(const MariadbServer& s, int id, const std::string& day, const std::string& rest) {
  s.Exec("INSERT INTO app.people VALUES (" + std::to_string(id) + ", '" + day + "', " + rest + ")");
}

ProcessResult RunDay(const MysqlProject& p, const std::string& day) {
  return p.Run({"run", "--date", day});
}

void ExpectRan(const MysqlProject& p, const std::string& day) {
  ProcessResult r = RunDay(p, day);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
}

// The desc rows of `table`, "column type" each, data columns only.
std::string Desc(const MysqlProject& p, const std::string& table) {
  std::string out;
  for (const auto& row : p.Rows("desc " + table))
    if (row[2] == "false") out += row[0] + " " + row[1] + "; ";
  return out;
}

std::string History(const MysqlProject& p, const std::string& table) {
  std::string out;
  for (const auto& row : p.Rows("desc " + table + " history"))
    out += row[0] + " " + row[1] + " " + row[2] + " " + row[3] + " " + row[4] + "; ";
  return out;
}

void ExpectRefused(const MysqlProject& p, const std::vector<std::string>& parts) {
  ProcessResult r = RunDay(p, "20240105");
  EXPECT_NE(r.status, 0) << r.out;
  std::string said = r.out + r.err + p.Run({"log", "snap", "--date", "20240105"}).out;
  for (const auto& part : parts)
    EXPECT_NE(said.find(part), std::string::npos) << part << "\n" << said;
  for (const char* t : {"ods_people", "ods_people_inc"})
    EXPECT_EQ(p.Scalar(std::string("select count(*) from ") + t + " where ds = '20240105'"), "0");
}

TEST(SchemaEvolution, MariadbAddWidenDropThenRefuseNarrowingAndIncompatibleChange) {
  MariadbServer server;
  CreateUsers(server);
  server.Exec(
      "CREATE TABLE app.people (id int PRIMARY KEY, day char(8), score int, amount "
      "decimal(10,2), ratio float, born date, nick varchar(20))");
  Insert(server, 1, "20240101", "10, 1.25, 1.5, '2020-01-01', 'ann'");
  Insert(server, 2, "20240101", "20, 2.50, 2.25, '2020-02-02', 'bob'");
  MysqlProject p(server);
  p.Write(Nodes());
  ExpectRan(p, "20240101");
  const std::string before =
      "id int; day string; score int; amount decimal(10,2); ratio float; born date; nick string; ";
  EXPECT_EQ(Desc(p, "ods_people"), before);
  EXPECT_EQ(History(p, "ods_people"), "");

  // A new column: old partitions read it as NULL.
  server.Exec("ALTER TABLE app.people ADD COLUMN phone varchar(20)");
  Insert(server, 3, "20240102", "30, 3.75, 3.5, '2020-03-03', 'cy', '5551'");
  ExpectRan(p, "20240102");
  for (const char* t : {"ods_people", "ods_people_inc"}) {
    EXPECT_EQ(Desc(p, t), before + "phone string; ") << t;
    EXPECT_EQ(History(p, t), std::string("phone (added) string 20240102 ") +
                                 (t == std::string("ods_people") ? "snap" : "inc") + "; ");
  }
  EXPECT_EQ(p.Scalar("select count(*) from ods_people where ds = '20240101' and phone is null"),
            "2");
  EXPECT_EQ(p.Scalar("select phone from ods_people where ds = '20240102' and id = 3"), "5551");
  EXPECT_EQ(p.Scalar("select count(*) || ',' || count(phone) from ods_people_inc"), "3,1");

  // Every widening at once; old files are read with the new types.
  server.Exec(
      "ALTER TABLE app.people MODIFY score bigint, MODIFY amount decimal(12,2), MODIFY ratio "
      "double, MODIFY born datetime");
  Insert(server, 4, "20240103",
         "5000000000, 1234567890.12, 0.1, '2024-01-03 12:34:56', 'di', '5552'");
  ExpectRan(p, "20240103");
  const std::string widened =
      "id int; day string; score bigint; amount decimal(12,2); ratio double; born datetime; "
      "nick string; phone string; ";
  EXPECT_EQ(Desc(p, "ods_people"), widened);
  EXPECT_EQ(Desc(p, "ods_people_inc"), widened);
  EXPECT_EQ(History(p, "ods_people"),
            "phone (added) string 20240102 snap; score int bigint 20240103 snap; amount "
            "decimal(10,2) decimal(12,2) 20240103 snap; ratio float double 20240103 snap; born "
            "date datetime 20240103 snap; ");
  EXPECT_EQ(p.Scalar("select string_agg(score || '/' || amount || '/' || ratio || '/' || born, "
                     "' ' order by ds, id) from ods_people_inc"),
            "10/1.25/1.5/2020-01-01 00:00:00 20/2.50/2.25/2020-02-02 00:00:00 "
            "30/3.75/3.5/2020-03-03 00:00:00 "
            "5000000000/1234567890.12/0.1/2024-01-03 12:34:56");
  EXPECT_EQ(p.Scalar("select typeof(score) || ' ' || typeof(born) from ods_people where ds = "
                     "'20240101' and id = 1"),
            "BIGINT TIMESTAMP");

  // A rename is a drop plus an add: nick stays, NULL from now on.
  server.Exec("ALTER TABLE app.people CHANGE nick nickname varchar(20)");
  Insert(server, 5, "20240104", "50, 5.00, 5.5, '2020-05-05', 'ed', '5553'");
  ExpectRan(p, "20240104");
  std::string log = p.Run({"log", "snap", "--date", "20240104"}).out;
  EXPECT_NE(log.find("a rename is seen as a drop of 'nick' plus an add of 'nickname'"),
            std::string::npos)
      << log;
  EXPECT_EQ(Desc(p, "ods_people"), widened + "nickname string; ");
  EXPECT_EQ(p.Scalar("select count(*) || ',' || count(nick) || ',' || count(nickname) from "
                     "ods_people where ds = '20240104'"),
            "5,0,5");
  EXPECT_EQ(p.Scalar("select string_agg(coalesce(nick, '-'), ',' order by ds, id) from "
                     "ods_people_inc"),
            "ann,bob,cy,di,-");
  EXPECT_NE(History(p, "ods_people")
                .find("nickname (added) string 20240104 snap; nick string "
                      "(dropped) 20240104 snap; "),
            std::string::npos)
      << History(p, "ods_people");
  const std::string after_rename = Desc(p, "ods_people");

  // A decimal losing scale, then a string becoming an int: refused.
  server.Exec(
      "UPDATE app.people SET amount = round(amount, 1); ALTER TABLE app.people MODIFY "
      "amount decimal(12,1)");
  ExpectRefused(p, {"amount", "decimal(12,2)", "decimal(12,1)", "not a widening"});
  server.Exec("ALTER TABLE app.people MODIFY amount decimal(12,2), MODIFY phone int");
  ExpectRefused(p, {"phone", "from string to int", "not a widening"});
  server.Exec(
      "UPDATE app.people SET score = 1 WHERE id = 4; ALTER TABLE app.people MODIFY phone "
      "varchar(20), MODIFY score int");
  ExpectRefused(p, {"score", "from bigint to int"});
  EXPECT_EQ(Desc(p, "ods_people"), after_rename);
  EXPECT_EQ(History(p, "ods_people").find("20240105"), std::string::npos);
}

std::string SqliteNode(const std::string& extra = "") {
  return "  - name: copy_t\n    type: sync\n    source: { connection: src, table: t }\n"
         "    target: { table: t_copy, partition: \"ds=${bizdate}\" }\n" +
         extra;
}

std::string Said(const ProjectFixture& p, const ProcessResult& r) {
  return r.out + r.err + p.Strata({"log", "copy_t", "--date", "20240102"}).out;
}

TEST(SchemaPolicy, FreezeRefusesAnyDifferenceAndCommitsNothing) {
  ProjectFixture p(
      "create table t (id integer, a text, b text); insert into t values (1, 'x', 'y');");
  p.WriteProject(SqliteNode("    schema: freeze\n"));
  p.Ok({"run", "--date", "20240101"});
  const std::string desc = p.Csv("desc t_copy");
  p.Source("alter table t add column c text");
  ProcessResult r = p.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(Said(p, r).find("table 't_copy': new source column(s) 'c'; schema: freeze allows no "
                            "change"),
            std::string::npos)
      << Said(p, r);
  p.Source("alter table t drop column c; alter table t drop column b");
  r = p.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(Said(p, r).find("'b' gone"), std::string::npos) << Said(p, r);
  EXPECT_EQ(p.Csv("select count(*) as n from t_copy where ds = '20240102'"), "n\n0\n");
  EXPECT_EQ(p.Csv("desc t_copy"), desc);
  EXPECT_EQ(p.Csv("desc t_copy history"), "column,old_type,new_type,bizdate,node,changed_at\n");
}

// `fail` (here the project default) refuses new columns and, as evolve,
// keeps a dropped one, NULL from then on.
TEST(SchemaPolicy, FailRefusesNewColumnsButFollowsADrop) {
  ProjectFixture p(
      "create table t (id integer, a text, b text); insert into t values (1, 'x', 'y');");
  p.WriteProject(SqliteNode(), "schema: fail\n");
  p.Ok({"run", "--date", "20240101"});
  p.Source("alter table t add column c text");
  ProcessResult r = p.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(Said(p, r).find("new source column(s) 'c'; schema: fail adds no columns"),
            std::string::npos)
      << Said(p, r);
  EXPECT_EQ(p.Csv("select count(*) as n from t_copy where ds = '20240102'"), "n\n0\n");
  p.Source("alter table t drop column c; alter table t drop column b");
  p.Ok({"run", "--date", "20240102"});
  EXPECT_EQ(p.Csv("select id, a, b, ds from t_copy order by ds"),
            "id,a,b,ds\n1,x,y,20240101\n1,x,,20240102\n");
  auto history = ParseCsv(p.Csv("desc t_copy history"));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1][0] + " " + history[1][1] + " " + history[1][2] + " " + history[1][3] + " " +
                history[1][4],
            "b string (dropped) 20240102 copy_t");
}

TEST(SchemaPolicy, UnknownPolicyNamesTheLine) {
  ProjectFixture p("create table t (id integer);");
  p.WriteProject(SqliteNode("    schema: sometimes\n"));
  ProcessResult r = p.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("strata.yaml:9:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("expected 'evolve', 'freeze' or 'fail', got 'sometimes'"), std::string::npos)
      << r.err;
}

std::string PgNodes() {
  return "  - name: snap\n    type: sync\n    source: { connection: pg, table: people }\n"
         "    target: { table: ods_people, partition: \"ds=${bizdate}\" }\n"
         "  - name: inc\n    type: sync\n"
         "    source: { connection: pg, table: people, where: \"day = '${bizdate}'\" }\n"
         "    target: { table: ods_people_inc, partition: \"ds=${bizdate}\" }\n";
}

std::string PgDesc(const ProjectFixture& p, const std::string& table) {
  std::string out;
  auto rows = ParseCsv(p.Csv("desc " + table));
  for (size_t i = 1; i < rows.size(); ++i)
    if (rows[i][2] == "false") out += rows[i][0] + " " + rows[i][1] + "; ";
  return out;
}

TEST(SchemaEvolution, PostgresAddWidenDropThenRefuseNarrowing) {
  PostgresServer server;
  server.Exec(
      "CREATE TABLE people (id int PRIMARY KEY, day text, score int, amount numeric(10,2), "
      "ratio real, born date, nick varchar(20));"
      "INSERT INTO people VALUES (1, '20240101', 10, 1.25, 1.5, '2020-01-01', 'ann')");
  ProjectFixture p;
  WritePgProject(p, server, PgNodes());
  auto run = [&](const std::string& day) {
    ProcessResult r = RunPg(p, {"run", "--date", day});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
  };
  run("20240101");
  server.Exec(
      "ALTER TABLE people ADD COLUMN phone text;"
      "INSERT INTO people VALUES (2, '20240102', 20, 2.5, 2.25, '2020-02-02', 'bob', '77')");
  run("20240102");
  server.Exec(
      "ALTER TABLE people ALTER score TYPE bigint, ALTER amount TYPE numeric(12,2), "
      "ALTER ratio TYPE double precision, ALTER born TYPE timestamp;"
      "INSERT INTO people VALUES (3, '20240103', 5000000000, 1234567890.12, 0.1, "
      "'2024-01-03 12:34:56', 'cy', '78')");
  run("20240103");
  server.Exec(
      "ALTER TABLE people DROP COLUMN nick;"
      "INSERT INTO people VALUES (4, '20240104', 40, 4, 4.5, '2020-04-04', '79')");
  run("20240104");
  for (const char* t : {"ods_people", "ods_people_inc"})
    EXPECT_EQ(PgDesc(p, t),
              "id int; day string; score bigint; amount decimal(12,2); ratio double; born "
              "datetime; nick string; phone string; ")
        << t;
  EXPECT_EQ(p.Csv("select id, score, amount, ratio, born, nick, phone from ods_people_inc order "
                  "by id"),
            "id,score,amount,ratio,born,nick,phone\n"
            "1,10,1.25,1.5,2020-01-01 00:00:00,ann,\n"
            "2,20,2.50,2.25,2020-02-02 00:00:00,bob,77\n"
            "3,5000000000,1234567890.12,0.1,2024-01-03 12:34:56,cy,78\n"
            "4,40,4.00,4.5,2020-04-04 00:00:00,,79\n");
  EXPECT_EQ(p.Csv("select count(*) as n, count(nick) as nick, count(phone) as phone from "
                  "ods_people where ds = '20240104'"),
            "n,nick,phone\n4,0,3\n");
  auto history = ParseCsv(p.Csv("desc ods_people history"));
  ASSERT_EQ(history.size(), 7u);  // header, phone, 4 widenings, nick
  EXPECT_EQ(history[6][0] + " " + history[6][2] + " " + history[6][3], "nick (dropped) 20240104");

  server.Exec("UPDATE people SET score = 1; ALTER TABLE people ALTER score TYPE int");
  ProcessResult r = RunPg(p, {"run", "--date", "20240105"});
  EXPECT_NE(r.status, 0);
  std::string said = r.out + r.err + RunPg(p, {"log", "snap", "--date", "20240105"}).out;
  EXPECT_NE(said.find("source column 'score' changed from bigint to int, which is not a widening"),
            std::string::npos)
      << said;
  EXPECT_EQ(p.Csv("select count(*) as n from ods_people where ds = '20240105'"), "n\n0\n");
  EXPECT_NE(PgDesc(p, "ods_people").find("score bigint;"), std::string::npos);
}

// A bad alter table fails with one line naming the table, column and types,
// and leaves the catalog and _strata_table.json as they were.
void ExpectAlterRefused(const ProjectFixture& p, const std::string& sql, const std::string& want) {
  std::string desc = p.Csv("desc t_copy");
  std::string json = ReadFile(p.dir() / "warehouse" / "t_copy" / "_strata_table.json");
  ProcessResult r = p.Strata({"sql", sql});
  EXPECT_NE(r.status, 0) << sql;
  EXPECT_NE(r.err.find(want), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  EXPECT_EQ(p.Csv("desc t_copy"), desc);
  EXPECT_EQ(ReadFile(p.dir() / "warehouse" / "t_copy" / "_strata_table.json"), json);
}

TEST(AlterColumns, AddWidenDropAndRefuseBadInput) {
  ProjectFixture p(
      "create table t (id integer, a text, b text); insert into t values (1, 'x', 'y');");
  p.WriteProject(SqliteNode());
  p.Ok({"run", "--date", "20240101"});
  p.Ok({"sql", "alter table t_copy add columns (c int, d varchar(10))"});
  p.Ok({"sql", "alter table t_copy change column c c bigint"});
  p.Ok({"sql", "alter table t_copy change d d varchar(20); alter table t_copy change d d string"});
  p.Ok({"sql", "--date", "20240107", "alter table t_copy drop columns b"});
  EXPECT_EQ(p.Csv("select * from t_copy"), "id,a,c,d,ds\n1,x,,,20240101\n");
  EXPECT_NE(ReadFile(p.dir() / "warehouse" / "t_copy" / "_strata_table.json").find("\"bigint\""),
            std::string::npos);
  auto history = ParseCsv(p.Csv("desc t_copy history"));
  std::string h;
  for (size_t i = 1; i < history.size(); ++i)
    h += history[i][0] + " " + history[i][1] + " " + history[i][2] + " " + history[i][4] + "; ";
  EXPECT_EQ(h,
            "c (added) int sql; d (added) varchar(10) sql; c int bigint sql; d varchar(10) "
            "varchar(20) sql; d varchar(20) string sql; b string (dropped) sql; ");
  EXPECT_EQ(history.back()[3], "20240107");

  ExpectAlterRefused(p, "alter table t_copy change column c c int",
                     "cannot change column 'c' of table 't_copy' from bigint to int: not a "
                     "widening");
  ExpectAlterRefused(p, "alter table t_copy change column d d bigint",
                     "from string to bigint: not a widening");
  ExpectAlterRefused(p, "alter table t_copy change column c e bigint",
                     "renaming column 'c' to 'e' is not supported");
  ExpectAlterRefused(p, "alter table t_copy add columns (a string)",
                     "table 't_copy' already has a column 'a'");
  ExpectAlterRefused(p, "alter table t_copy add columns (z blob)", "unknown type 'blob'");
  ExpectAlterRefused(p, "alter table t_copy drop columns (ds)",
                     "cannot drop partition column 'ds' of table 't_copy'");
  ExpectAlterRefused(p, "alter table t_copy drop columns nosuch",
                     "table 't_copy' has no column 'nosuch'");
  ExpectAlterRefused(p, "alter table t_copy drop columns id, a, c, d",
                     "cannot drop every column of table 't_copy'");
  ExpectAlterRefused(p, "alter table nosuch add columns (x int)", "table 'nosuch' does not exist");
}

// A merge table (current version + base) and its change table follow an
// added and a dropped column; the base written before the add lacks it.
TEST(SchemaEvolution, MergeTableAndItsChangeTableFollowTheSource) {
  ProjectFixture p(
      "create table t (id integer primary key, a text); insert into t values (1, 'x'), (2, 'y');");
  p.WriteProject(
      "  - name: m\n    type: sync\n    source: { connection: src, table: t }\n"
      "    target: { table: t_cur, mode: merge, changes: t_chg }\n");
  p.Ok({"run", "--date", "20240101"});
  p.Source(
      "alter table t add column c text; update t set c = 'c2' where id = 2;"
      "insert into t values (3, 'z', 'c3')");
  p.Ok({"run", "--date", "20240102"});
  EXPECT_EQ(p.Csv("select id, a, c from t_cur order by id"), "id,a,c\n1,x,\n2,y,c2\n3,z,c3\n");
  EXPECT_EQ(p.Csv("select id, c, _op from t_chg where ds = '20240102' order by id"),
            "id,c,_op\n2,c2,U\n3,c3,I\n");
  EXPECT_EQ(p.Csv("select count(*) as n, count(c) as c from t_chg where ds = '20240101'"),
            "n,c\n2,0\n");
  p.Source("alter table t drop column a");
  p.Ok({"run", "--date", "20240103"});
  EXPECT_EQ(p.Csv("select id, a, c from t_cur order by id"), "id,a,c\n1,,\n2,,c2\n3,,c3\n");
  auto history = ParseCsv(p.Csv("desc t_cur history"));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1][0] + " " + history[1][1] + " " + history[1][3], "c (added) 20240102");
  EXPECT_EQ(history[2][0] + " " + history[2][2] + " " + history[2][3], "a (dropped) 20240103");
}

// A history table: the new column joins the data columns (the history
// columns stay last); versions before the change read it as NULL, and a
// snapshot of an earlier date is what that date held.
TEST(SchemaEvolution, HistoryTableFollowsTheSourceAndOldDatesReadNull) {
  ProjectFixture p(
      "create table t (id integer primary key, a text); insert into t values (1, 'x'), (2, 'y');");
  p.WriteProject(
      "  - name: h\n    type: sync\n    source: { connection: src, table: t }\n"
      "    target: { table: t_his, mode: history, deletes: keys }\n");
  p.Ok({"run", "--date", "20240101"});
  p.Source("alter table t add column c text; update t set c = 'c2' where id = 2;");
  p.Ok({"run", "--date", "20240102"});
  EXPECT_EQ(p.Csv("select id, a, c, start_ds, end_ds, _op from t_his order by id, start_ds"),
            "id,a,c,start_ds,end_ds,_op\n1,x,,20240101,99991231,I\n2,y,,20240101,20240102,I\n"
            "2,y,c2,20240102,99991231,U\n");
  EXPECT_EQ(p.Csv("select * from as_of('t_his', '20240101') order by id"), "id,a,c\n1,x,\n2,y,\n");
  EXPECT_EQ(p.Csv("select * from as_of('t_his', '20240102') order by id"),
            "id,a,c\n1,x,\n2,y,c2\n");
  // Its date's rerun rewinds across the change too.
  p.Ok({"rerun", "h", "--date", "20240102"});
  EXPECT_EQ(p.Csv("select count(*) as n from t_his"), "n\n3\n");
}

}  // namespace
}  // namespace strata::test
