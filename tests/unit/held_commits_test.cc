// Warehouse::HoldCommits and PartitionStore::CommitAll: held writes are
// invisible to other readers but read by the holder's views, an append
// builds on a held write, abandoning publishes nothing, and a group whose
// second swap fails is swapped back whole (the first partition's old files
// and catalog entry return, nothing stays journaled or staged).

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "core/names.h"
#include "warehouse/warehouse.h"

namespace strata {
namespace {
namespace fs = std::filesystem;

class HeldCommits : public ::testing::Test {
 protected:
  HeldCommits() : root_(fs::temp_directory_path() / ("strata-held-" + std::to_string(::getpid()))) {
    fs::remove_all(root_);
    wh_ = std::make_unique<Warehouse>(root_);
    Schema v{{"v", *ParseColumnType("bigint")}};
    wh_->CreateTable({"a", v, {}, {}, {}, {}}, false);
    wh_->CreateTable({"b", v, {{"ds", *ParseColumnType("string")}}, {}, {}, {}}, false);
  }
  ~HeldCommits() override {
    wh_.reset();
    fs::remove_all(root_);
  }
  // Writes `rows` rows of value `value` into a partition.
  PartitionInfo Write(const std::string& table, const std::string& spec, int rows, int value,
                      CommitMode mode = CommitMode::kOverwrite) {
    return wh_->WritePartition(table, spec, mode, [&](const StagedPartition& s) {
      wh_->engine().Execute("COPY (SELECT " + std::to_string(value) + "::BIGINT AS v FROM range(" +
                            std::to_string(rows) + ")) TO " + QuoteLiteral(s.NewFile(0).string()) +
                            " (FORMAT parquet)");
      return int64_t{rows};
    });
  }
  // "<rows> <sum>" of a table as a fresh Warehouse (another reader) sees it.
  std::string Published(const std::string& table) {
    Warehouse other(root_);
    other.RefreshViews();
    return Sum(other, table);
  }
  static std::string Sum(Warehouse& wh, const std::string& table) {
    auto r = wh.engine().Query("SELECT count(*) || ' ' || coalesce(sum(v), 0) FROM " +
                               QuoteIdentifier(table));
    return *r.rows[0][0];
  }
  bool StagingEmpty() const {
    fs::path s = root_ / "_strata" / "staging";
    return !fs::exists(s) || fs::is_empty(s);
  }

  fs::path root_;
  std::unique_ptr<Warehouse> wh_;
};

TEST_F(HeldCommits, HeldWritesAreReadByTheHolderOnlyUntilPublished) {
  Write("a", "", 2, 1);
  wh_->HoldCommits();
  Write("a", "", 3, 10);
  Write("b", "ds=1", 4, 100);
  Write("b", "ds=1", 1, 1000, CommitMode::kAppend);  // builds on the held write
  wh_->RefreshViews();
  EXPECT_EQ(Sum(*wh_, "a"), "3 30");
  EXPECT_EQ(Sum(*wh_, "b"), "5 1400");
  EXPECT_EQ(Published("a"), "2 2");
  EXPECT_EQ(Published("b"), "0 0");
  std::vector<PartitionInfo> done = wh_->PublishHeld();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[1].rows, 5);
  EXPECT_EQ(Published("a"), "3 30");
  EXPECT_EQ(Published("b"), "5 1400");
  EXPECT_TRUE(StagingEmpty());
  EXPECT_TRUE(wh_->catalog().PendingCommits().empty());
}

TEST_F(HeldCommits, AbandonedWritesPublishNothing) {
  Write("a", "", 2, 1);
  wh_->HoldCommits();
  Write("a", "", 3, 10);
  Write("b", "ds=1", 4, 100);
  wh_->AbandonHeld();
  EXPECT_EQ(Published("a"), "2 2");
  EXPECT_EQ(Published("b"), "0 0");
  EXPECT_TRUE(StagingEmpty());
}

TEST_F(HeldCommits, ASwapThatFailsUndoesTheGroup) {
  PartitionInfo before = Write("a", "", 2, 1);
  wh_->HoldCommits();
  Write("a", "", 3, 10);
  Write("b", "ds=1", 4, 100);
  // b's folder becomes a file: its swap fails before touching anything,
  // after a's has happened.
  fs::remove_all(root_ / "b");
  std::ofstream(root_ / "b") << "in the way";
  EXPECT_ANY_THROW(wh_->PublishHeld());
  EXPECT_EQ(wh_->catalog().FindPartition("a", "")->commit_id, before.commit_id);
  EXPECT_TRUE(wh_->catalog().PendingCommits().empty());
  EXPECT_TRUE(StagingEmpty());
  fs::remove(root_ / "b");
  EXPECT_EQ(Published("a"), "2 2");
  EXPECT_EQ(Published("b"), "0 0");
}

}  // namespace
}  // namespace strata
