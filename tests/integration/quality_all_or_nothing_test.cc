// A node whose quality rules fail publishes nothing at all, even when it
// writes several things (issue 13): a merge node's change partition and
// table, a SQL node's several inserts. A failing strong rule leaves every
// table the node writes exactly as it was (same commit, files, rows), fails
// the instance and keeps its descendants from running; a passing rule, or a
// failing weak one, publishes everything. Against the embedded SQLite source,
// and a MariaDB one for a plain sync.

#include <gtest/gtest.h>

#include <string>

#include "mysql_test_util.h"
#include "quality_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kSource =
    "create table t (id integer primary key, v text);"
    "insert into t values (1, 'a'), (2, 'b'), (3, 'c');";

// Everything a strong failure must leave as it was: the catalog's record of
// a partition, the files in its folder, and its rows.
struct Snapshot {
  std::string partition, files, rows;
  bool operator==(const Snapshot&) const = default;
};

Snapshot Take(const ProjectFixture& p, const std::string& table, const std::string& spec,
              const std::string& rows_sql) {
  std::string folder = table + (spec.empty() ? "" : "/" + spec);
  return {CatalogPartition(p.dir(), table, spec), FolderFiles(p.dir(), folder), p.Csv(rows_sql)};
}

std::ostream& operator<<(std::ostream& out, const Snapshot& s) {
  return out << s.partition << " | " << s.files << " | " << s.rows;
}

// m merges t into m_out with change table m_changes, under `checks`; d counts m_out.
std::string MergeNodes(const std::string& checks) {
  return R"(  - name: m
    type: sync
    source: { connection: src, table: t }
    target: { table: m_out, mode: merge, key: [id], changes: m_changes }
    checks:
)" + checks +
         R"(  - name: d
    type: sql
    depends_on: [m]
    sql: "insert overwrite table d_out select count(*) from m_out"
)";
}

TEST(QualityAllOrNothing, AMergeFailingOnItsTableKeepsItsChangePartitionToo) {
  ProjectFixture p(kSource);
  p.Write("tables.sql", "create table d_out (n bigint);");
  auto project = [&](const std::string& checks) {
    p.WriteProject(MergeNodes(checks), "tables: [tables.sql]\n");
  };
  project("      - not_null: [v]\n");
  p.Ok({"run", "--date", "20240101"});
  p.Source("insert into t values (4, 'd');");
  p.Ok({"run", "--date", "20240102"});
  // A passing rule published both: the day's change rows and the table.
  EXPECT_EQ(p.Csv("select id, _op from m_changes where ds = '20240102'"), "id,_op\n4,I\n");
  EXPECT_EQ(p.Csv("select n from d_out"), "n\n4\n");
  auto changes = [&](const std::string& ds) {
    return Take(p, "m_changes", "ds=" + ds,
                "select id, v, _op from m_changes where ds = '" + ds + "' order by id");
  };
  auto table = [&] { return Take(p, "m_out", "", "select id, v from m_out order by id"); };
  Snapshot day1 = changes("20240101"), day2 = changes("20240102"), before = table();
  int d_attempts = NodeAttempts(p.dir(), "d");

  // The rerun's table breaks the rule: its change rows (2 U, 4 I, 5 I) are
  // staged too, and must not be published either.
  p.Source("update t set v = null where id = 2; insert into t values (5, 'e');");
  ProcessResult bad = p.Strata({"rerun", "m+", "--date", "20240102"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("strong check failed on m_out, nothing published: not_null(v): 1 row"),
            std::string::npos)
      << bad.out << bad.err;
  EXPECT_EQ(changes("20240102"), day2);
  EXPECT_EQ(changes("20240101"), day1);
  EXPECT_EQ(table(), before);
  EXPECT_EQ(NodeAttempts(p.dir(), "d"), d_attempts);
  EXPECT_TRUE(StagingEmpty(p.dir()));

  // A rule on the change table that fails keeps the table as it was.
  project("      - expression: \"_op <> 'U'\"\n        table: m_changes\n");
  bad = p.Strata({"rerun", "m+", "--date", "20240102"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("strong check failed on m_changes partition ds=20240102"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(changes("20240102"), day2);
  EXPECT_EQ(table(), before);
  EXPECT_EQ(NodeAttempts(p.dir(), "d"), d_attempts);

  // Weak: both are published, the instance warns, d runs.
  project("      - not_null: [v]\n        level: weak\n");
  std::string out = p.Ok({"rerun", "m+", "--date", "20240102"});
  EXPECT_NE(out.find("succeeded (1 weak check failed)"), std::string::npos) << out;
  EXPECT_EQ(p.Csv("select id, _op from m_changes where ds = '20240102' order by id"),
            "id,_op\n2,U\n4,I\n5,I\n");  // a rerun builds on the day before
  EXPECT_EQ(p.Csv("select id, v from m_out order by id"), "id,v\n1,a\n2,\n3,c\n4,d\n5,e\n");
  EXPECT_EQ(p.Csv("select n from d_out"), "n\n5\n");
  EXPECT_EQ(changes("20240101"), day1);
}

// s writes s1 in two inserts (an overwrite, then an append) and s2 from s1,
// all in one script; e copies s2.
std::string SqlNodes(const std::string& s_checks, const std::string& last_insert = "") {
  return R"(  - name: a
    type: sync
    source: { connection: src, table: t }
    target: { table: a_out, partition: "ds=${bizdate}" }
  - name: s
    type: sql
    depends_on: [a]
    sql: |
      insert overwrite table s1 partition (ds='${bizdate}') select id, v from a_out where ds = '${bizdate}' and id <= 2;
      insert into table s1 partition (ds='${bizdate}') select id, v from a_out where ds = '${bizdate}' and id > 2;
      )" +
         (last_insert.empty() ? "insert overwrite table s2 partition (ds='${bizdate}') select "
                                "count(*) from s1 where ds = '${bizdate}';"
                              : last_insert) +
         R"(
)" + (s_checks.empty() ? "" : "    checks:\n" + s_checks) +
         R"(  - name: e
    type: sql
    depends_on: [s]
    sql: "insert overwrite table e_out partition (ds='${bizdate}') select n from s2 where ds = '${bizdate}'"
)";
}

TEST(QualityAllOrNothing, ASqlNodePublishesAllItsInsertsOrNone) {
  ProjectFixture p(kSource);
  p.Write("tables.sql",
          "create table s1 (id bigint, v string) partitioned by (ds string);\n"
          "create table s2 (n bigint) partitioned by (ds string);\n"
          "create table e_out (n bigint) partitioned by (ds string);\n");
  auto project = [&](const std::string& checks, const std::string& last = "") {
    p.WriteProject(SqlNodes(checks, last), "tables: [tables.sql]\n");
  };
  project("      - expression: \"n <= 3\"\n        table: s2\n");
  p.Ok({"run", "--date", "20240101"});
  // s2 counted s1's rows of both earlier inserts, before they were published.
  EXPECT_EQ(p.Csv("select id from s1 order by id"), "id\n1\n2\n3\n");
  EXPECT_EQ(p.Csv("select n from e_out"), "n\n3\n");
  auto s1 = [&] { return Take(p, "s1", "ds=20240101", "select id, v from s1 order by id"); };
  auto s2 = [&] { return Take(p, "s2", "ds=20240101", "select n from s2"); };
  Snapshot s1_before = s1(), s2_before = s2();
  int e_attempts = NodeAttempts(p.dir(), "e");

  // Four rows: the rule on s2, the last insert, fails; s1's inserts, made
  // before it, are not published either.
  p.Source("insert into t values (4, 'd');");
  ProcessResult bad = p.Strata({"rerun", "a+", "--date", "20240101"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("strong check failed on s2 partition ds=20240101, nothing published: "
                         "expression(n <= 3): 1 row where it is false; e.g. (n=4"),
            std::string::npos)
      << bad.out << bad.err;
  EXPECT_EQ(p.Csv("select count(*) as n from a_out"), "n\n4\n");  // a's own commit stands
  EXPECT_EQ(s1(), s1_before);
  EXPECT_EQ(s2(), s2_before);
  EXPECT_EQ(NodeAttempts(p.dir(), "e"), e_attempts);
  EXPECT_TRUE(StagingEmpty(p.dir()));

  // Weak: every insert is published, the instance warns, e runs.
  project("      - expression: \"n <= 3\"\n        table: s2\n        level: weak\n");
  std::string out = p.Ok({"rerun", "s+", "--date", "20240101"});
  EXPECT_NE(out.find("s bizdate 20240101 succeeded (1 weak check failed)"), std::string::npos)
      << out;
  EXPECT_EQ(p.Csv("select id from s1 order by id"), "id\n1\n2\n3\n4\n");
  EXPECT_EQ(p.Csv("select n from e_out"), "n\n4\n");

  // Without rules too: a failing last statement publishes none of the script.
  s1_before = s1();
  p.Source("insert into t values (5, 'e');");
  project("", "insert overwrite table s2 partition (ds='${bizdate}') select count(*) from nope;");
  bad = p.Strata({"rerun", "a+", "--date", "20240101"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("nope"), std::string::npos) << bad.err;
  EXPECT_EQ(s1(), s1_before);
  EXPECT_TRUE(StagingEmpty(p.dir()));
}

// A DROP in the script throws away what the script wrote there before.
TEST(QualityAllOrNothing, ADropInTheScriptDropsItsHeldRows) {
  ProjectFixture p(kSource);
  p.Write("tables.sql",
          "create table s1 (id bigint, v string) partitioned by (ds string);\n"
          "create table s2 (n bigint) partitioned by (ds string);\n"
          "create table e_out (n bigint) partitioned by (ds string);\n");
  p.WriteProject(
      SqlNodes("",
               "alter table s1 drop partition (ds='${bizdate}');\n"
               "      insert overwrite table s2 partition (ds='${bizdate}') select count(*) "
               "from s1;"),
      "tables: [tables.sql]\n");
  std::string out = p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select count(*) as n from s1"), "n\n0\n");
  EXPECT_EQ(p.Csv("select n from e_out"), "n\n0\n") << out;
  EXPECT_EQ(FolderFiles(p.dir(), "s1/ds=20240101"), "none");
  EXPECT_TRUE(StagingEmpty(p.dir()));
}

TEST(QualityAllOrNothing, AStrongRuleFailingOnAMariadbSyncKeepsThePreviousPartition) {
  MariadbServer server;
  CreateUsers(server);
  server.Exec(
      "CREATE TABLE app.qt (id int PRIMARY KEY, v varchar(10));"
      "INSERT INTO app.qt VALUES (1, 'a'), (2, 'b'), (3, 'c');");
  MysqlProject p(server);
  p.Write(SyncNode("q", "table: qt", "q_out", "    checks:\n      - not_null: [v]\n"));
  ProcessResult ok = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(ok.status, 0) << ok.out << ok.err;
  const ProjectFixture& f = p.fixture();
  auto snap = [&] {
    return Take(f, "q_out", "ds=20240101", "select id, v from q_out order by id");
  };
  Snapshot before = snap();
  EXPECT_EQ(before.rows, "id,v\n1,a\n2,b\n3,c\n");

  server.Exec("UPDATE app.qt SET v = NULL WHERE id = 2; INSERT INTO app.qt VALUES (4, 'd');");
  ProcessResult bad = p.Run({"rerun", "q", "--date", "20240101"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("strong check failed on q_out partition ds=20240101, nothing published: "
                         "not_null(v): 1 row with NULL; e.g. (id=2, v=NULL"),
            std::string::npos)
      << bad.out << bad.err;
  EXPECT_EQ(snap(), before);
  EXPECT_TRUE(StagingEmpty(f.dir()));
}

}  // namespace
}  // namespace strata::test
