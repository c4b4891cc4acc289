// Issue 8.3 and 8.6-8.7: a lost or damaged catalog is refused, not taken for
// an empty warehouse, and `strata catalog rebuild` restores an equal one; a
// table belongs to the project that created it; a read-only warehouse reads.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "project_fixture.h"

namespace strata::test {
namespace fs = std::filesystem;
namespace {

constexpr const char* kNodes = R"(  - name: copy_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_copy, partition: "ds=${bizdate}" }
  - name: whole_t
    type: sync
    source: { connection: src, table: t }
    target: { table: t_whole }
  - name: sum_t
    type: sql
    depends_on: [copy_t]
    sql: "insert overwrite table t_sum partition (ds='${bizdate}') select sum(v), max(d) from t_copy where ds = '${bizdate}'"
)";

class CatalogDamage : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.Source(
        "create table t (v decimal(12,2), d date, s varchar(20));"
        "insert into t values (1.50, '2024-01-01', 'a'), (2.25, NULL, 'b');");
    p_.Write("tables.sql",
             "create table t_sum (total decimal(20,2), last date) partitioned by (ds string) "
             "lifecycle 30;");
    p_.WriteProject(kNodes, "tables: [tables.sql]\n");
    p_.Ok({"run", "--date", "20240101"});
    p_.Ok({"run", "--date", "20240102"});
    before_ = Snapshot();
  }
  // Everything a user sees of the catalog and the data.
  std::string Snapshot() {
    return p_.Ok({"tables"}) + p_.Ok({"partitions", "t_copy"}) + p_.Ok({"partitions", "t_sum"}) +
           p_.Csv("desc t_sum") + p_.Csv("desc t_copy") + p_.Csv("desc t_whole") +
           p_.Csv("select * from t_copy order by ds, v") +
           p_.Csv("select * from t_sum order by ds") + p_.Csv("select * from t_whole order by v");
  }
  fs::path Catalog() const { return p_.dir() / "warehouse/_strata/catalog.db"; }
  void ExpectRefusedThenRebuilt() {
    for (auto args : std::vector<std::vector<std::string>>{
             {"tables"}, {"run", "--date", "20240103"}, {"sql", "select 1"}}) {
      ProcessResult r = p_.Strata(args);
      EXPECT_NE(r.status, 0) << args[0];
      EXPECT_NE(r.err.find("strata catalog rebuild"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("t_copy"), std::string::npos) << r.err;
    }
    std::string out = p_.Ok({"catalog", "rebuild"});
    EXPECT_NE(out.find("3 tables, 5 partitions"), std::string::npos) << out;
    EXPECT_EQ(out.find("lost:"), std::string::npos) << out;
    EXPECT_EQ(Snapshot(), before_);
    p_.Ok({"run", "--date", "20240103"});  // and the warehouse works on
  }
  ProjectFixture p_;
  std::string before_;
};

TEST_F(CatalogDamage, TruncatedCatalogIsRefusedAndRebuilt) {
  p_.Ok({"tables"});  // checkpoints the WAL into the file first
  fs::resize_file(Catalog(), 0);
  ExpectRefusedThenRebuilt();
}

TEST_F(CatalogDamage, DeletedCatalogIsRefusedAndRebuilt) {
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(Catalog().string() + ext);
  ExpectRefusedThenRebuilt();
}

TEST_F(CatalogDamage, CorruptCatalogIsRefusedAndRebuilt) {
  {
    std::fstream f(Catalog(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f << "this is not a SQLite database at all, not even its header..";
  }
  ExpectRefusedThenRebuilt();
  bool kept = false;
  for (const auto& e : fs::directory_iterator(p_.dir() / "warehouse/_strata"))
    kept |= e.path().filename().string().rfind("catalog.db.damaged-", 0) == 0;
  EXPECT_TRUE(kept);
}

TEST_F(CatalogDamage, RebuildWithoutMetadataSaysWhatWasLost) {
  fs::remove(p_.dir() / "warehouse/t_sum/_strata_table.json");
  fs::remove(Catalog());
  std::string out = p_.Ok({"catalog", "rebuild"});
  EXPECT_NE(out.find("lost: t_sum: no _strata_table.json"), std::string::npos) << out;
  EXPECT_EQ(p_.Csv("select * from t_sum order by ds"),
            "total,last,ds\n3.75,2024-01-01,20240101\n"
            "3.75,2024-01-01,20240102\n");
}

TEST_F(CatalogDamage, AnotherProjectMayNotWriteOrReclaimATable) {
  ProjectFixture other;
  other.Source("create table t (v decimal(12,2), d date, s varchar(20));");
  other.Write("strata.yaml",
              "name: other\nwarehouse: " + (p_.dir() / "warehouse").string() +
                  "\nconnections:\n  src: { url: \"sqlite:source.db\" }\n"
                  "lifecycle: { t_copy: 1 }\nnodes:\n" +
                  std::string(kNodes).substr(0, std::string(kNodes).find("  - name: whole_t")));
  ProcessResult r = other.Strata({"run", "--date", "20240101", "copy_t"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("table 't_copy' belongs to project 'test', not 'other'"), std::string::npos)
      << r.err;
  other.Ok({"lifecycle"});
  ProcessResult drop = other.Strata({"sql", "drop table t_copy"});
  EXPECT_NE(drop.status, 0);
  EXPECT_EQ(Snapshot(), before_);
}

// A read-only mount of the warehouse (root bind-mounts it read-only; the
// test harness runs as root, as CI does).
class ReadOnlyMount {
 public:
  explicit ReadOnlyMount(const fs::path& dir) : dir_(dir.string()) {
    ok_ = std::system(("mount --bind '" + dir_ + "' '" + dir_ + "' && mount -o remount,bind,ro '" +
                       dir_ + "' '" + dir_ + "'")
                          .c_str()) == 0;
  }
  ~ReadOnlyMount() { std::system(("umount '" + dir_ + "' 2>/dev/null").c_str()); }
  bool ok() const { return ok_; }

 private:
  std::string dir_;
  bool ok_ = false;
};

TEST_F(CatalogDamage, ReadOnlyWarehouseReadsAndRefusesWrites) {
  p_.Ok({"tables"});  // a clean catalog: no WAL left to replay
  ProcessResult read, write, query;
  {
    ReadOnlyMount ro(p_.dir() / "warehouse");
    ASSERT_TRUE(ro.ok()) << "cannot mount the warehouse read-only (needs root)";
    read = p_.Strata({"sql", "--format", "csv", "select count(*) as n from t_copy"});
    query = p_.Strata({"tables"});
    write = p_.Strata({"sql", "insert overwrite table t_sum partition (ds='1') select 1, null"});
  }
  EXPECT_EQ(read.status, 0) << read.err;
  EXPECT_EQ(read.out, "n\n4\n");
  EXPECT_EQ(query.status, 0) << query.err;
  EXPECT_NE(write.status, 0) << write.out;
  EXPECT_NE(write.status, 0);
  EXPECT_NE(write.err.find("is read-only: cannot write table 't_sum'"), std::string::npos)
      << write.err;
}

}  // namespace
}  // namespace strata::test
