// History (zipper) tables on the embedded SQLite source: for every business
// date, the as-of snapshot equals the daily full snapshot of that date; reruns
// give the same table; a change back to the open version's values opens
// nothing; bad input is refused. The seeded exactness simulation against
// MariaDB and PostgreSQL is history_simulation_test.cc.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kSource = R"(
create table users (uid integer primary key, uname text, deptno integer, optime text);
insert into users values (1, 'ann', 10, '2024-01-01 08:00:00'), (2, 'bob', null, '2024-01-01 09:00:00'),
  (3, 'cid', 30, '2024-01-01 10:00:00');
)";

// Each date's edits, applied before that date's run. uid 4 comes back on
// 0105 with its old optime: only a full read (no cursor; the issue's
// `compare: full`) sees such a re-insert, so the history node reads it all.
const std::vector<std::pair<std::string, std::string>> kDays = {
    {"20240101", ""},
    {"20240102",
     "update users set deptno = 20, optime = '2024-01-02 01:00:00' where uid = 2;"  // NULL -> value
     "delete from users where uid = 3;"
     "insert into users values (4, 'dan', 40, '2024-01-02 23:59:59');"},
    {"20240103",
     "update users set deptno = null, optime = '2024-01-03 00:00:00' where uid = 2;"  // and back
     "insert into users values (3, 'cid', 30, '2024-01-03 05:00:00');"  // re-inserted, other optime
     "update users set uname = 'ann2', optime = '2024-01-03 06:00:00' where uid = 1;"
     "update users set uname = 'ann3', optime = '2024-01-03 07:00:00' where uid = 1;"},
    {"20240104",
     // Back to the open version's values: no new version.
     "update users set uname = 'ann3', optime = '2024-01-03 07:00:00' where uid = 1;"
     "delete from users where uid = 4;"},
    {"20240105", "insert into users values (4, 'dan', 40, '2024-01-02 23:59:59');"},
};

constexpr const char* kNodes = R"(  - name: full
    type: sync
    source: { connection: src, table: users }
    target: { table: users_full, partition: "ds=${bizdate}" }
  - name: his
    type: sync
    depends_on_previous: [self]
    source: { connection: src, table: users }
    target: { table: users_his, mode: history, deletes: keys }
)";

class HistoryTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.Source(kSource);
    p_.WriteProject(kNodes);
  }
  std::string AsOf(const std::string& ds) {
    return p_.Csv("select * from as_of('users_his', '" + ds + "') order by uid");
  }
  std::string Full(const std::string& ds) {
    return p_.Csv("select * exclude (ds) from users_full where ds = '" + ds + "' order by uid");
  }
  void RunAllDays() {
    for (const auto& [ds, edits] : kDays) {
      if (!edits.empty()) p_.Source(edits);
      p_.Ok({"run", "--date", ds});
    }
  }

  // The table's data files.
  std::set<std::string> Files() {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(p_.dir() / "warehouse" / "users_his"))
      if (e.path().extension() == ".parquet") out.insert(e.path().filename().string());
    return out;
  }

  ProjectFixture p_;
};

TEST_F(HistoryTableTest, EveryDateAsOfEqualsThatDaysFullSnapshot) {
  RunAllDays();
  for (const auto& day : kDays) EXPECT_EQ(AsOf(day.first), Full(day.first)) << day.first;
  // uid 1: two updates on one day make one version; the change back opened nothing.
  EXPECT_EQ(
      p_.Csv("select uname, start_ds, end_ds, _op from users_his where uid = 1 order by start_ds"),
      "uname,start_ds,end_ds,_op\nann,20240101,20240103,I\nann3,20240103,99991231,U\n");
  // uid 4: deleted on 0104, re-inserted with the same values on 0105: a new version.
  EXPECT_EQ(p_.Csv("select start_ds, end_ds, _op from users_his where uid = 4 order by start_ds"),
            "start_ds,end_ds,_op\n20240102,20240104,I\n20240105,99991231,I\n");
  EXPECT_EQ(p_.Ok({"snapshot", "users_his", "--date", "20240103", "--format", "csv"}),
            AsOf("20240103"));
}

TEST_F(HistoryTableTest, RerunsGiveTheSameVersions) {
  RunAllDays();
  std::string all = p_.Csv("select * from users_his order by all");
  p_.Ok({"rerun", "his", "--date", "20240105"});
  EXPECT_EQ(p_.Csv("select * from users_his order by all"), all);
  // A past date and every later one, in order: the table rewinds to the end
  // of 0102 and applies the source as it is now to 0103, then finds nothing
  // new on 0104 and 0105. Dates before 0103 keep their snapshots.
  p_.Ok({"rerun", "his", "--date", "20240103", "--forward"});
  EXPECT_EQ(AsOf("20240101"), Full("20240101"));
  EXPECT_EQ(AsOf("20240102"), Full("20240102"));
  for (const char* ds : {"20240103", "20240104", "20240105"})
    EXPECT_EQ(AsOf(ds), Full("20240105")) << ds;
  EXPECT_EQ(p_.Csv("select start_ds, end_ds from users_his where uid = 4 order by start_ds"),
            "start_ds,end_ds\n20240102,99991231\n");
}

// A run reads and rewrites the open versions only: the versions it closes go
// to a file of their own, which later runs keep as it is (same file, same
// inode), until a rerun of a date on or before it rewinds it.
TEST_F(HistoryTableTest, ClosedVersionsKeepTheirFilesUntilARerunRewindsThem) {
  for (size_t i = 0; i < 2; ++i) {
    if (!kDays[i].second.empty()) p_.Source(kDays[i].second);
    p_.Ok({"run", "--date", kDays[i].first});
  }
  std::set<std::string> after2 = Files();
  ASSERT_EQ(after2.size(), 2u);  // open versions; versions closed on 0102
  auto count = [&](const std::string& file, const std::string& where) {
    return p_.Csv("select count(*) from read_parquet('" +
                  (p_.dir() / "warehouse" / "users_his" / file).string() + "') where " + where);
  };
  std::string closed_0102;
  for (const auto& f : after2)
    if (count(f, "end_ds = '99991231'") == "count_star()\n0\n") closed_0102 = f;
  ASSERT_FALSE(closed_0102.empty());
  EXPECT_EQ(count(closed_0102, "end_ds = '20240102'"), "count_star()\n2\n");  // uid 2 and 3
  auto inode = [&](const std::string& f) {
    struct stat st {};
    EXPECT_EQ(::stat((p_.dir() / "warehouse" / "users_his" / f).c_str(), &st), 0) << f;
    return st.st_ino;
  };
  ino_t first = inode(closed_0102);
  for (size_t i = 2; i < kDays.size(); ++i) {
    if (!kDays[i].second.empty()) p_.Source(kDays[i].second);
    p_.Ok({"run", "--date", kDays[i].first});
    ASSERT_TRUE(Files().count(closed_0102)) << kDays[i].first;
    EXPECT_EQ(inode(closed_0102), first) << kDays[i].first;
  }
  for (const auto& [ds, edits] : kDays) EXPECT_EQ(AsOf(ds), Full(ds)) << ds;
  // A rerun of 0103 (and the dates after it) keeps the 0102 file and
  // rewrites the later ones.
  std::set<std::string> before = Files();
  p_.Ok({"rerun", "his", "--date", "20240103", "--forward"});
  std::set<std::string> after = Files();
  EXPECT_TRUE(after.count(closed_0102));
  for (const auto& f : before) {
    if (f == closed_0102) continue;
    EXPECT_FALSE(after.count(f)) << f;
  }
  EXPECT_EQ(AsOf("20240102"), Full("20240102"));
}

// track: [deptno]: a change of deptno opens a version; a change of another
// column only updates the open version, which keeps its start_ds.
TEST_F(HistoryTableTest, TrackedColumnsOpenVersionsOthersUpdateInPlace) {
  p_.WriteProject(
      "  - name: his\n    type: sync\n    source: { connection: src, table: users }\n"
      "    target: { table: users_his, mode: history, compare: full, track: [deptno] }\n");
  p_.Ok({"run", "--date", "20240101"});
  p_.Source("update users set uname = 'ann2' where uid = 1; delete from users where uid = 3;");
  std::string out = p_.Ok({"run", "--date", "20240102"});
  EXPECT_EQ(out.find("source keys"), std::string::npos) << out;  // the full read had them
  p_.Source("update users set deptno = 11 where uid = 1;");
  p_.Ok({"run", "--date", "20240103"});
  EXPECT_EQ(p_.Csv("select uid, uname, deptno, start_ds, end_ds, _op from users_his "
                   "order by uid, start_ds"),
            "uid,uname,deptno,start_ds,end_ds,_op\n"
            "1,ann2,10,20240101,20240103,I\n"
            "1,ann2,11,20240103,99991231,U\n"
            "2,bob,,20240101,99991231,I\n"
            "3,cid,30,20240101,20240102,I\n");
}

TEST_F(HistoryTableTest, BadInputIsRefusedWithAClearMessage) {
  p_.Ok({"run", "--date", "20240101"});
  ProcessResult r = p_.Strata({"sql", "select * from as_of('users_his', '20231231')"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(
      r.err.find("as_of('users_his', '20231231'): the table's first business date is 20240101"),
      std::string::npos)
      << r.err;
  r = p_.Strata({"snapshot", "users_full", "--date", "20240101"});
  EXPECT_NE(r.err.find("table 'users_full' is not a history table"), std::string::npos) << r.err;
  p_.Source("create table nokey (a integer, b text);");
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: nokey }\n"
      "    target: { table: nokey_his, mode: history }\n");
  r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.err.find("source table 'nokey' has no primary key; set target.key"),
            std::string::npos)
      << r.err;
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: users }\n"
      "    target: { table: u_his, mode: history, deletes: soft }\n");
  r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("a history table closes a deleted key's version; use deletes: keys"),
            std::string::npos)
      << r.err;
  // A merge node may not write a history table.
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: users }\n"
      "    target: { table: users_his, mode: merge }\n");
  r = p_.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("users_his"), std::string::npos) << r.err;
  // track names a column the table does not have; track outside history;
  // compare: full with a cursor.
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: users }\n"
      "    target: { table: t_his, mode: history, track: [deptno, nosuch] }\n");
  r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("track column 'nosuch' is not a column of table 't_his'"), std::string::npos)
      << r.err;
  p_.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: users }\n"
      "    target: { table: t_m, mode: merge, track: [deptno] }\n");
  r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("'track' only applies with mode: history"), std::string::npos) << r.err;
  p_.WriteProject(
      "  - name: n\n    type: sync\n"
      "    source: { connection: src, table: users, cursor: { column: optime } }\n"
      "    target: { table: t_his, mode: history, compare: full }\n");
  r = p_.Strata({"check"});
  EXPECT_NE(r.err.find("compare: full reads all of it"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace strata::test
