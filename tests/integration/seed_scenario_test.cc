// The seed document's scenario end to end, through the real binary: every
// row of every resulting partition is checked against the seed's data.

#include <gtest/gtest.h>

#include "strata_process.h"

namespace strata::test {
namespace {

class SeedScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path() / "demo";
    ProcessResult r = RunStrata({"demo", "--dir", dir_.string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    demo_out_ = r.out;
  }
  std::string Csv(const std::string& sql) { return SqlCsv(dir_, sql); }

  TempDir tmp_;
  std::filesystem::path dir_;
  std::string demo_out_;
};

constexpr const char* kOplog =
    "optime,uname,action,status,ds\n"
    "2016-11-11 00:00:00,LiLei,SELECT,SUCCESS,20161113\n"
    "2016-11-12 00:00:00,hanmm,desc,success,20161113\n"
    "2016-11-14 00:00:00,Jim,Update,success,20161114\n"
    "2016-11-14 00:00:00,Kate,Delete,Failed,20161114\n"
    "2016-11-14 00:00:00,Lily,Drop,Failed,20161114\n";

constexpr const char* kUserFull =
    "uid,uname,deptno,gender,optime,ds\n"
    "1,LiLei,100,M,2016-11-13 00:00:00,20161114\n"
    "2,HanMM,101,F,2016-11-14 09:00:00,20161114\n"
    "3,Jim,104,M,2016-11-14 10:30:00,20161114\n"
    "4,Kate,,F,2016-11-14 11:15:00,20161114\n"
    "6,Lucy,105,F,2016-11-14 15:45:00,20161114\n";

constexpr const char* kUserInc =
    "uid,uname,deptno,gender,optime\n"
    "2,HanMM,101,F,2016-11-14 09:00:00\n"
    "3,Jim,104,M,2016-11-14 10:30:00\n"
    "4,Kate,,F,2016-11-14 11:15:00\n"
    "6,Lucy,105,F,2016-11-14 15:45:00\n";

constexpr const char* kDwUserInc =
    "uid,uname,deptno,gender,optime\n"
    "1,LiLei,100,M,2016-11-13 00:00:00\n"
    "2,HanMM,101,F,2016-11-14 09:00:00\n"
    "3,Jim,104,M,2016-11-14 10:30:00\n"
    "4,Kate,,F,2016-11-14 11:15:00\n"
    "5,Lily,104,F,2016-11-11 00:00:00\n"
    "6,Lucy,105,F,2016-11-14 15:45:00\n";

TEST_F(SeedScenario, EveryResultingRowMatchesTheSeed) {
  EXPECT_EQ(Csv("select * from ods_oplog order by ds, optime, uname"), kOplog);
  EXPECT_EQ(Csv("select * from ods_user_full order by ds, uid"), kUserFull);
  EXPECT_EQ(Csv("select * from ods_user_inc order by uid"), kUserInc);
  EXPECT_EQ(Csv("select * from dw_user_inc order by uid"), kDwUserInc);
  EXPECT_NE(demo_out_.find("still holds it"), std::string::npos) << demo_out_;
}

// Issue 10: the demo's second half, the same data through one merge node.
TEST_F(SeedScenario, StrataWayEqualsTheSourceAndKeepsTheDaysChanges) {
  // The current state is the source's: the day's full snapshot, less its ds.
  EXPECT_EQ(Csv("select * from dw_user order by uid"),
            Csv("select * exclude (ds) from ods_user_full where ds = '20161114' order by uid"));
  EXPECT_EQ(Csv("select uid, _op, ds from ods_user_changes order by ds, uid"),
            "uid,_op,ds\n1,I,20161113\n2,I,20161113\n3,I,20161113\n4,I,20161113\n5,I,20161113\n"
            "2,U,20161114\n3,U,20161114\n4,U,20161114\n5,D,20161114\n6,I,20161114\n");
  EXPECT_NE(demo_out_.find("uid 5 is gone from dw_user"), std::string::npos) << demo_out_;
}

// Issue 11: the history table gives back each day's full table.
TEST_F(SeedScenario, HistoryAsOfEachDateEqualsThatDaysSource) {
  EXPECT_EQ(Csv("select * from as_of('dw_user_his', '20161114') order by uid"),
            Csv("select * exclude (ds) from ods_user_full where ds = '20161114' order by uid"));
  // 20161113: the history load, the seed's five users as they were.
  EXPECT_EQ(Csv("select uid, deptno from as_of('dw_user_his', '20161113') order by uid"),
            "uid,deptno\n1,100\n2,\n3,102\n4,103\n5,104\n");
  EXPECT_EQ(Csv("select uid, start_ds, end_ds, _op from dw_user_his where uid in (2, 5) "
                "order by uid, start_ds"),
            "uid,start_ds,end_ds,_op\n2,20161113,20161114,I\n2,20161114,99991231,U\n"
            "5,20161113,20161114,I\n");
}

TEST_F(SeedScenario, PartitionsAreTheSeedsAndTypesAreTheDdls) {
  EXPECT_EQ(Csv("show partitions ods_oplog"), "partition\nds=20161113\nds=20161114\n");
  EXPECT_EQ(Csv("show partitions ods_user_full"), "partition\nds=20161114\n");
  EXPECT_EQ(Csv("desc ods_user_full"),
            "column,type,partition_key\nuid,bigint,false\nuname,string,false\n"
            "deptno,bigint,false\ngender,string,false\noptime,datetime,false\n"
            "ds,string,true\n");
}

TEST_F(SeedScenario, RerunningOverwriteNodesGivesTheSameRows) {
  // The merge too: merging the same day's changes again changes nothing.
  std::string changes = Csv("select * exclude (_ts) from ods_user_changes order by ds, uid");
  for (const char* node :
       {"ods_oplog", "ods_user_full", "ods_user_inc", "dw_user_inc_merge", "dw_user"}) {
    ProcessResult r = RunStrata({"-C", dir_.string(), "run", "--date", "20161114", node});
    ASSERT_EQ(r.status, 0) << node << r.err;
  }
  EXPECT_EQ(Csv("select * exclude (_ts) from ods_user_changes order by ds, uid"), changes);
  EXPECT_EQ(Csv("select * from dw_user order by uid"),
            Csv("select * exclude (ds) from ods_user_full where ds = '20161114' order by uid"));
  EXPECT_EQ(Csv("select * from ods_oplog order by ds, optime, uname"), kOplog);
  EXPECT_EQ(Csv("select * from ods_user_full order by ds, uid"), kUserFull);
  EXPECT_EQ(Csv("select * from ods_user_inc order by uid"), kUserInc);
  EXPECT_EQ(Csv("select * from dw_user_inc order by uid"), kDwUserInc);
}

TEST_F(SeedScenario, ParquetFilesReadDirectlyGiveTheSameRows) {
  std::string wh = (dir_ / "warehouse").string();
  EXPECT_EQ(Csv("select optime, uname, action, status, ds from read_parquet('" + wh +
                "/ods_oplog/*/*.parquet', hive_partitioning = true) order by ds, optime, uname"),
            kOplog);
  EXPECT_EQ(Csv("select * from read_parquet('" + wh + "/dw_user_inc/*.parquet') order by uid"),
            kDwUserInc);
}

// The README's own read of the warehouse gives what strata gives: the same
// rows, and `ds` a string, not a number inferred from the folder names.
TEST_F(SeedScenario, TheReadmesReadParquetExampleGivesWhatStrataGives) {
  std::string readme = ReadFile(std::filesystem::path(STRATA_SOURCE_DIR) / "README.md");
  size_t at = readme.find("`select * from read_parquet('warehouse/ods_oplog/");
  ASSERT_NE(at, std::string::npos);
  std::string example = readme.substr(at + 1, readme.find('`', at + 1) - at - 1);
  example.replace(example.find("'warehouse/"), 11, "'" + (dir_ / "warehouse").string() + "/");
  EXPECT_EQ(Csv("select optime, uname, action, status, ds from (" + example +
                ") order by ds, optime, uname"),
            kOplog);
  EXPECT_EQ(Csv("select distinct typeof(ds) as t from (" + example + ")"), "t\nVARCHAR\n");
}

TEST_F(SeedScenario, DemoRefusesAForeignFolderButRedoesItsOwn) {
  TempDir other;
  WriteFile(other.path() / "keep.txt", "mine");
  ProcessResult r = RunStrata({"demo", "--dir", other.path().string()});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("not a strata demo"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(other.path() / "keep.txt"), "mine");
  ProcessResult again = RunStrata({"demo", "--dir", dir_.string()});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(Csv("select * from dw_user_inc order by uid"), kDwUserInc);
}

}  // namespace
}  // namespace strata::test
