// Merge tables (issue 10) on the embedded SQLite source: upserts, deletes
// found by comparing keys, soft deletes, change rows, the newest row of a key,
// reruns, older dates, the cursor with its lookback, bad input, and crashes at
// every step of the merge's commits. The seeded simulation against MariaDB
// and PostgreSQL is merge_simulation_test.cc.

#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <map>
#include <string>

#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kSource = R"(
create table users (uid integer primary key, uname text, deptno integer, optime text);
insert into users values (1, 'ann', 10, '2024-01-01 08:00:00'), (2, 'bob', 20, '2024-01-01 09:00:00'),
  (3, 'cid', 30, '2024-01-01 10:00:00'), (4, 'dan', 30, '2024-01-01 11:00:00'),
  (5, 'eve', 30, '2024-01-01 12:00:00');
)";

// The seed's day-two edits: 2, 3, 4 updated, 5 deleted, 6 inserted.
constexpr const char* kDayTwo = R"(
update users set uname = 'bob2', optime = '2024-01-02 09:00:00' where uid = 2;
update users set deptno = 31, optime = '2024-01-02 10:00:00' where uid = 3;
update users set deptno = null, optime = '2024-01-02 11:00:00' where uid = 4;
delete from users where uid = 5;
insert into users values (6, 'fay', 10, '2024-01-02 13:00:00');
)";

std::string MergeNode(const std::string& source_extra, const std::string& target_extra) {
  return "  - name: users_merge\n    type: sync\n"
         "    source: { connection: src, table: users" +
         source_extra +
         " }\n"
         "    target: { table: dw_users, mode: merge" +
         target_extra + " }\n";
}

class MergeTableTest : public ::testing::Test {
 protected:
  void SetUp() override { p_.Source(kSource); }
  void Project(const std::string& source_extra, const std::string& target_extra) {
    p_.WriteProject(MergeNode(source_extra, target_extra));
  }
  std::string Table(const std::string& cols = "uid, uname, deptno, optime") {
    return p_.Csv("select " + cols + " from dw_users order by uid");
  }
  std::string Changes(const std::string& ds) {
    return p_.Csv("select uid, uname, deptno, _op from dw_changes where ds = '" + ds +
                  "' order by uid");
  }
  std::string State() {
    auto rows =
        CatalogRows(p_.dir(), "select state from table_state where table_name = 'dw_users'");
    return rows.empty() ? "" : rows[0][0];
  }

  ProjectFixture p_;
};

TEST_F(MergeTableTest, UpsertsDeletesAndWritesChangesLikeTheSeedWithoutItsLosses) {
  Project(", cursor: { column: optime, lookback: 1h }", ", deletes: keys, changes: dw_changes");
  p_.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(Changes("20240101"),
            "uid,uname,deptno,_op\n1,ann,10,I\n2,bob,20,I\n3,cid,30,I\n4,dan,30,I\n5,eve,30,I\n");
  p_.Source(kDayTwo);
  std::string out = p_.Ok({"run", "--date", "20240102"});
  EXPECT_NE(out.find("1 inserted, 3 updated, 1 deleted"), std::string::npos) << out;
  const char* want =
      "uid,uname,deptno,optime\n1,ann,10,2024-01-01 08:00:00\n2,bob2,20,2024-01-02 09:00:00\n"
      "3,cid,31,2024-01-02 10:00:00\n4,dan,,2024-01-02 11:00:00\n6,fay,10,2024-01-02 13:00:00\n";
  EXPECT_EQ(Table(), want);
  const char* changes =
      "uid,uname,deptno,_op\n2,bob2,20,U\n3,cid,31,U\n4,dan,,U\n5,eve,30,D\n6,fay,10,I\n";
  EXPECT_EQ(Changes("20240102"), changes);
  // The cursor read only what changed since the last run's watermark less the lookback.
  EXPECT_NE(out.find("read from cursor : '2024-01-01 11:00:00'"), std::string::npos) << out;

  // A rerun of the date rebuilds from the version before it: same table, same changes.
  p_.Ok({"rerun", "users_merge", "--date", "20240102"});
  EXPECT_EQ(Table(), want);
  EXPECT_EQ(Changes("20240102"), changes);
  // Spark, Trino and DuckDB read the table's folder as it is.
  EXPECT_EQ(p_.Csv("select count(*) as n from read_parquet('" +
                   (p_.dir() / "warehouse/dw_users/*.parquet").string() + "')"),
            "n\n5\n");
}

// Inputs larger than a bucket merge key bucket by key bucket (2 rows each here).
TEST_F(MergeTableTest, ManySmallBucketsGiveTheSameTableAndChanges) {
  Project("", ", deletes: keys, changes: dw_changes");
  std::map<std::string, std::string> tiny{{"STRATA_MERGE_BUCKET_ROWS", "2"}};
  ASSERT_EQ(p_.Strata({"run", "--date", "20240101"}, tiny).status, 0);
  p_.Source(kDayTwo);
  ProcessResult r = p_.Strata({"run", "--date", "20240102"}, tiny);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 inserted, 3 updated, 1 deleted, 1 unchanged"), std::string::npos)
      << r.out;
  EXPECT_EQ(Table("uid, uname, deptno"),
            "uid,uname,deptno\n1,ann,10\n2,bob2,20\n3,cid,31\n4,dan,\n6,fay,10\n");
  EXPECT_EQ(Changes("20240102"),
            "uid,uname,deptno,_op\n2,bob2,20,U\n3,cid,31,U\n4,dan,,U\n5,eve,30,D\n6,fay,10,I\n");
  // Several files, one per bucket, make the one version.
  EXPECT_GT(std::distance(std::filesystem::directory_iterator(p_.dir() / "warehouse/dw_users"),
                          std::filesystem::directory_iterator{}),
            3);
}

TEST_F(MergeTableTest, SoftDeletesKeepTheRowMarkedUntilTheKeyComesBack) {
  Project("", ", deletes: soft");
  p_.Ok({"run", "--date", "20240101"});
  p_.Source("delete from users where uid = 5;");
  p_.Ok({"run", "--date", "20240102"});
  EXPECT_EQ(Table("uid, _deleted, _deleted_ds"),
            "uid,_deleted,_deleted_ds\n1,false,\n2,false,\n3,false,\n4,false,\n5,true,20240102\n");
  p_.Source("insert into users values (5, 'eve', 30, '2024-01-03 00:00:00');");
  p_.Ok({"run", "--date", "20240103"});
  EXPECT_EQ(p_.Csv("select _deleted, _deleted_ds from dw_users where uid = 5"),
            "_deleted,_deleted_ds\nfalse,\n");
}

TEST_F(MergeTableTest, TheNewestRowOfAKeyWinsAndATieIsAnError) {
  p_.Source(
      "create table events (uid integer, v text, optime text);"
      "insert into events values (1, 'old', '2024-01-01 01:00:00'), (1, 'new', '2024-01-01 "
      "02:00:00'),"
      "(2, 'only', '2024-01-01 01:00:00');");
  p_.WriteProject(
      "  - name: ev\n    type: sync\n    source: { connection: src, table: events }\n"
      "    target: { table: dw_ev, mode: merge, key: [uid], order_by: optime }\n");
  p_.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p_.Csv("select uid, v from dw_ev order by uid"), "uid,v\n1,new\n2,only\n");
  p_.Source("insert into events values (2, 'other', '2024-01-01 01:00:00');");
  ProcessResult r = p_.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("key uid=2 appears in 2 different rows with the same optime "
                       "(2024-01-01 01:00:00)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(p_.Csv("select uid, v from dw_ev order by uid"), "uid,v\n1,new\n2,only\n");
}

TEST_F(MergeTableTest, AnEarlierDateIsRefusedUnlessForced) {
  Project("", "");
  p_.Ok({"run", "--date", "20240105"});
  p_.Source("update users set uname = 'late' where uid = 1;");
  ProcessResult r = p_.Strata({"run", "--date", "20240103"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("table 'dw_users' is at business date 20240105; a run for 20240103 "
                       "would apply older changes over newer data"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(p_.Csv("select uname from dw_users where uid = 1"), "uname\nann\n");
  p_.Ok({"run", "--date", "20240103", "--force"});
  EXPECT_EQ(p_.Csv("select uname from dw_users where uid = 1"), "uname\nlate\n");
  EXPECT_NE(State().find("\"ds\":\"20240105\""), std::string::npos) << State();
}

// A row committed after a run with a cursor value below that run's watermark
// (a slow transaction, a clock behind): the lookback reads it next time; with
// no lookback it is lost, as with a plain time filter.
TEST_F(MergeTableTest, TheLookbackCatchesALateRowThatNoLookbackLoses) {
  for (const char* lookback : {"30m", "0"}) {
    ProjectFixture p(kSource);
    p.WriteProject(
        MergeNode(std::string(", cursor: { column: optime, lookback: ") + lookback + " }", ""));
    p.Ok({"run", "--date", "20240101"});  // watermark 12:00:00
    p.Source("insert into users values (7, 'late', 1, '2024-01-01 11:59:59');");
    p.Ok({"run", "--date", "20240102"});
    std::string got = p.Csv("select count(*) as n from dw_users where uid = 7");
    EXPECT_EQ(got, std::string(lookback) == "0" ? "n\n0\n" : "n\n1\n") << lookback;
  }
}

TEST_F(MergeTableTest, BadSettingsAreClearOneLineErrors) {
  struct Case {
    std::string source, target, error;
  };
  p_.Source("create table nokey (a integer, b text);");
  const Case cases[] = {
      {"", ", key: [nope]", "key column 'nope' is not a column of the source"},
      {"", ", partition: \"ds=${bizdate}\"",
       "a merge table holds the current state and has no partitions"},
  };
  for (const auto& c : cases) {
    Project(c.source, c.target);
    ProcessResult r = p_.Strata({"run", "--date", "20240101"});
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
  }
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: nokey }\n"
      "    target: { table: dw_nokey, mode: merge }\n");
  ProcessResult r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.err.find("source table 'nokey' has no primary key; set target.key for the merge"),
            std::string::npos)
      << r.err;
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, query: \"select * from users\" "
      "}\n"
      "    target: { table: dw_q, mode: merge, key: [uid], deletes: keys }\n");
  r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("strata.yaml:8:62: nodes[0].target.deletes: deletes need a source table"),
            std::string::npos)
      << r.err;
  p_.WriteProject(
      "  - name: n\n    type: sync\n"
      "    source: { connection: src, table: users, cursor: { column: optime } }\n"
      "    target: { table: dw_c }\n");
  r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("'cursor' only applies with target mode: merge"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(p_.dir() / "warehouse/dw_users"));
  // A change table that exists with columns of its own is not taken over.
  Project("", ", changes: dw_chg");
  p_.Ok({"sql", "create table dw_chg (x bigint) partitioned by (ds string)"});
  r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("change table 'dw_chg' exists with other columns than table 'dw_users'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(p_.Csv("select count(*) as n from dw_chg"), "n\n0\n");
  // A text cursor holding something else than times cannot be moved back.
  p_.Source("create table odd (id integer primary key, t text); insert into odd values (1, 'x');");
  p_.WriteProject(
      "  - name: n\n    type: sync\n"
      "    source: { connection: src, table: odd, cursor: { column: t, lookback: 1h } }\n"
      "    target: { table: dw_odd, mode: merge }\n");
  p_.Ok({"run", "--date", "20240101"});
  r = p_.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("cursor value 'x' is not a time; lookback needs one (or set 0)"),
            std::string::npos)
      << r.err;
}

// A crash at any step of a merge's commit (the change rows and the table
// with its watermark, published as one group) leaves the old version or the
// new one, the watermark always that of the version on disk, and the change
// partition of the same version as the table; a rerun then completes.
// commit.between_swaps falls after the change partition's swap and before
// the table's (without a change table it is never reached: no crash).
class MergeCrash : public ::testing::TestWithParam<const char*> {
 protected:
  void CrashThenRerun(bool changes) {
    ProjectFixture p(kSource);
    p.WriteProject(
        MergeNode(", cursor: { column: optime, lookback: 0 }",
                  std::string(", deletes: keys") + (changes ? ", changes: dw_changes" : "")));
    p.Ok({"run", "--date", "20240101"});
    p.Source(kDayTwo);
    ProcessResult crash =
        p.Strata({"run", "--date", "20240102"}, {{"STRATA_FAILPOINT", GetParam()}});
    bool reached = changes || std::string(GetParam()) != "commit.between_swaps";
    EXPECT_EQ(crash.status, reached ? 137 : 0) << crash.out << crash.err;
    std::string rows = p.Csv("select count(*) as n, max(optime) as m from dw_users");
    bool is_new = rows == "n,m\n5,2024-01-02 13:00:00\n";
    EXPECT_TRUE(is_new || rows == "n,m\n5,2024-01-01 12:00:00\n") << rows;
    if (changes) {  // the change partition is there exactly when the new version is
      std::string day = p.Csv("select count(*) as n from dw_changes where ds = '20240102'");
      EXPECT_EQ(day, is_new ? "n\n5\n" : "n\n0\n") << GetParam();
    }
    auto state =
        CatalogRows(p.dir(), "select state from table_state where table_name = 'dw_users'");
    ASSERT_EQ(state.size(), 1u);
    EXPECT_NE(state[0][0].find(is_new ? "2024-01-02 13:00:00" : "2024-01-01 12:00:00"),
              std::string::npos)
        << state[0][0];
    p.Ok({"run", "--date", "20240102"});
    EXPECT_EQ(p.Csv("select uid from dw_users order by uid"), "uid\n1\n2\n3\n4\n6\n");
    if (changes) {
      EXPECT_EQ(p.Csv("select uid, _op from dw_changes where ds = '20240102' order by uid"),
                "uid,_op\n2,U\n3,U\n4,U\n5,D\n6,I\n");
    }
  }
};

TEST_P(MergeCrash, WithChangesOldVersionOrNewWithItsOwnWatermark) {
  CrashThenRerun(true);
}

TEST_P(MergeCrash, TableOnlyOldVersionOrNewWithItsOwnWatermark) {
  CrashThenRerun(false);
}

INSTANTIATE_TEST_SUITE_P(Steps, MergeCrash,
                         ::testing::Values("merge.before_changes", "merge.after_changes",
                                           "merge.after_table", "commit.before_prepare",
                                           "commit.after_prepare", "commit.between_swaps",
                                           "commit.after_swap", "commit.after_catalog"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '.') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace strata::test
