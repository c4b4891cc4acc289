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

TEST(ProgressBoard, LineNamesTheInstanceRateAndElapsed) {
  SyncProgress p{1000, 2, 4.0};
  EXPECT_EQ(ProgressBoard::Line(Inst(1, "a"), p),
            "  a 20240101: 1000 records, 2 dirty, 250 records/s, 0:04");
}

TEST(ProgressBoard, OneLinePerRunningInstanceErasedWhenItEnds) {
  std::ostringstream out;
  {
    ProgressBoard board(out);
    auto cb = board.Callback();
    SyncProgress p{10, 0, 1.0};
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
