#include "source/change_log_distance.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "source/mysql/mysql_binlog_position.h"

namespace strata {
namespace {

ChangePosition Lsn(uint64_t v, const std::string& text) {
  return {v, text};
}

TEST(ChangeLogDistance, LsnsDifferByBytes) {
  LogDistance d = MeasureLogDistance(Lsn(0x16B3748, "0/16B3748"), Lsn(0x16B3800, "0/16B3800"));
  EXPECT_EQ(d.files, 0u);
  EXPECT_EQ(d.bytes, 0xB8u);
  EXPECT_EQ(FormatLogDistance(d), "184 B");
  EXPECT_TRUE(MeasureLogDistance(Lsn(5, "0/5"), Lsn(5, "0/5")).none());
  EXPECT_TRUE(MeasureLogDistance(Lsn(9, "0/9"), Lsn(5, "0/5")).none());  // not behind
}

TEST(ChangeLogDistance, BinlogOffsetsInOneFileOrFilesBetween) {
  ChangePosition a = MysqlChangePosition("binlog.000003", 1000);
  LogDistance same = MeasureLogDistance(a, MysqlChangePosition("binlog.000003", 1234));
  EXPECT_EQ(FormatLogDistance(same), "234 B");
  LogDistance later = MeasureLogDistance(a, MysqlChangePosition("binlog.000005", 77));
  EXPECT_EQ(later.files, 2u);
  EXPECT_EQ(later.bytes, 77u);
  EXPECT_EQ(FormatLogDistance(later), "2 files + 77 B");
  EXPECT_EQ(FormatLogDistance(MeasureLogDistance(a, MysqlChangePosition("binlog.000004", 4))),
            "1 file + 4 B");
  EXPECT_THROW(MeasureLogDistance(Lsn(1, "x:y"), Lsn(2, "x:z")), Error);
}

}  // namespace
}  // namespace strata
