#include "cli/progress_board.h"

#include <gtest/gtest.h>

#include <sstream>

namespace strata::cli {
namespace {

Instance Inst(int64_t id, const std::string& node) {
  Instance i;
  i.id = id;
  i.node = node;
  i.bizdate = "20240101";
  return i;
}

SyncProgress Read(int64_t read, int64_t dirty, double seconds) {
  SyncProgress p;
  p.read = read;
  p.dirty = dirty;
  p.seconds = seconds;
  return p;
}

TEST(ProgressBoard, WithoutATotalNoPercentAndNoEta) {
  SyncProgress p = Read(1000, 2, 4.0);
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 1,000 records, 2 dirty, 250 records/s, 0:04");
  SyncProgress big = Read(1234567, 1234, 27.0);
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), big),
            "  a 20240101: 1,234,567 records, 1,234 dirty, 45,725 records/s, 0:27");
}

TEST(ProgressBoard, ExactTotalGivesPercentAndEta) {
  SyncProgress p = Read(1000, 0, 4.0);
  p.total = 3000;  // 2000 to go at 250/s: 8 s
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 1,000 / 3,000 records (33%), 0 dirty, 250 records/s, 0:04, ETA 0:08");
}

TEST(ProgressBoard, EstimatedTotalIsMarked) {
  SyncProgress p = Read(1200000, 0, 60.0);
  p.total = 2000000;  // 800,000 to go at 20,000/s: 40 s
  p.total_is_estimate = true;
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 1,200,000 / ~2,000,000 records (60%), 0 dirty, 20,000 records/s, "
            "1:00, ETA 0:40");
  p.total = 100000000;  // 98,800,000 to go: 4,940 s
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 1,200,000 / ~100,000,000 records (1%), 0 dirty, 20,000 records/s, "
            "1:00, ETA 1:22:20");
}

TEST(ProgressBoard, PastTheEstimateNoPercentAndNoEta) {
  SyncProgress p = Read(2500, 0, 5.0);
  p.total = 2000;
  p.total_is_estimate = true;
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 2,500 / ~2,000 records, 0 dirty, 500 records/s, 0:05");
}

TEST(ProgressBoard, NothingReadYetHasNoEta) {
  SyncProgress p = Read(0, 0, 1.0);
  p.total = 0;  // an empty table: no percent of nothing
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 0 / 0 records, 0 dirty, 0 records/s, 0:01");
  p.total = 500;
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 0 / 500 records (0%), 0 dirty, 0 records/s, 0:01");
}

TEST(ProgressBoard, SqlNodeLineNamesItsStatement) {
  SyncProgress p;
  p.stage = "statement 2/5";
  p.seconds = 12.5;
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "merge"), p), "  merge 20240101: statement 2/5, 0:12");
}

TEST(ProgressBoard, OneLinePerRunningInstanceErasedWhenItEnds) {
  std::ostringstream out;
  {
    ProgressBoard board(out);
    auto cb = board.Callback();
    SyncProgress p = Read(10, 0, 1.0);
    cb(Inst(1, "a"), &p);
    EXPECT_EQ(out.str(), "  a 20240101: 10 records, 0 dirty, 10 records/s, 0:01\n");
    out.str("");
    cb(Inst(2, "b"), &p);  // redraws both, a's line first
    EXPECT_EQ(out.str(),
              "\033[1F\033[J  a 20240101: 10 records, 0 dirty, 10 records/s, 0:01\n"
              "  b 20240101: 10 records, 0 dirty, 10 records/s, 0:01\n");
    out.str("");
    cb(Inst(1, "a"), nullptr);
    EXPECT_EQ(out.str(), "\033[2F\033[J  b 20240101: 10 records, 0 dirty, 10 records/s, 0:01\n");
    out.str("");
    PrintBlock(std::cout, "");  // output from the executor erases the lines first
    EXPECT_EQ(out.str(), "\033[1F\033[J");
  }
}

}  // namespace
}  // namespace strata::cli
