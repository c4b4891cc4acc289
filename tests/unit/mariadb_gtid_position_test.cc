// MariaDB GTID positions in capture positions: parsing and formatting with
// and without a GTID position, several replication domains, bad text
// refused, and the lag measure still reading positions that carry one.

#include <gtest/gtest.h>

#include "core/error.h"
#include "source/change_log_distance.h"
#include "source/mysql/mariadb_gtid_state.h"
#include "source/mysql/mysql_binlog_position.h"

namespace strata {
namespace {

TEST(MariadbGtidState, ParsesAndListsDomainsInOrder) {
  EXPECT_TRUE(MariadbGtidState::Parse("").empty());
  EXPECT_EQ(MariadbGtidState::Parse("0-1-57").Text(), "0-1-57");
  EXPECT_EQ(MariadbGtidState::Parse("7-2-8,0-1-57").Text(), "0-1-57,7-2-8");
  EXPECT_EQ(MariadbGtidState::Parse("4294967295-4294967295-18446744073709551615").Text(),
            "4294967295-4294967295-18446744073709551615");
  for (const char* bad : {"0-1", "0-1-", "0-1-x", "0-1-57,", ",0-1-57", "0-1-5 7", "0-1-57,0-2-9",
                          "-1-2-3", "0-1-57' OR '1", "4294967296-1-1"})
    EXPECT_THROW(MariadbGtidState::Parse(bad), Error) << bad;
}

TEST(MariadbGtidState, RecordKeepsEachDomainsLastTransaction) {
  MariadbGtidState s = MariadbGtidState::Parse("0-1-57,1-2-8");
  s.Record(0, 2, 58);
  s.Record(3, 1, 1);
  EXPECT_EQ(s.Text(), "0-2-58,1-2-8,3-1-1");
}

TEST(MariadbGtidState, MissingFromNamesWhatAServersHistoryLacks) {
  MariadbGtidState s = MariadbGtidState::Parse("0-2-17,1-1-4");
  EXPECT_EQ(s.MissingFrom("0-1-15,0-2-20,1-1-4"), "");
  EXPECT_EQ(s.MissingFrom("0-1-15,0-2-16,1-1-4"), "0-2-17");  // behind
  EXPECT_EQ(s.MissingFrom("0-1-40,1-1-4"), "0-2-17");         // never from server 2
  EXPECT_EQ(s.MissingFrom("0-2-17"), "1-1-4");                // a domain it never logged
  EXPECT_EQ(s.MissingFrom(""), "0-2-17");
  EXPECT_EQ(MariadbGtidState().MissingFrom(""), "");
}

TEST(MysqlBinlogPosition, CarriesAGtidPositionWhenGiven) {
  ChangePosition plain = MysqlChangePosition("binlog.000003", 1234);
  ChangePosition with = MysqlChangePosition("binlog.000003", 1234, "0-1-57,1-2-8");
  EXPECT_EQ(with.text, "binlog.000003:1234 gtid=0-1-57,1-2-8");
  EXPECT_EQ(with, plain);  // ordered by file:offset alone
  MysqlBinlogPosition p = ParseMysqlPosition(with.text);
  EXPECT_EQ(p.file, "binlog.000003");
  EXPECT_EQ(p.offset, 1234u);
  EXPECT_EQ(p.gtid, "0-1-57,1-2-8");
  EXPECT_EQ(ParseMysqlPosition("binlog.000003:1234 gtid=1-2-8,0-1-57").gtid, "0-1-57,1-2-8");
  // A position stored before GTIDs were kept is still one.
  MysqlBinlogPosition old = ParseMysqlPosition("binlog.000003:1234");
  EXPECT_EQ(old.offset, 1234u);
  EXPECT_EQ(old.gtid, "");
  for (const char* bad :
       {"binlog.000003:1234 gtid=", "binlog.000003:1234 gtid=0-1", "binlog.000003:1234gtid=0-1-5",
        "binlog.000003 gtid=0-1-5", "binlog.000003:1234 gtid=0-1-5'"})
    EXPECT_THROW(ParseMysqlPosition(bad), Error) << bad;
}

TEST(MysqlBinlogPosition, NamesTheServerThatWroteIt) {
  ChangePosition at = MysqlChangePosition("binlog.000003", 1234, "0-1-57", 7);
  EXPECT_EQ(at.text, "binlog.000003:1234 gtid=0-1-57 server=7");
  MysqlBinlogPosition p = ParseMysqlPosition(at.text);
  EXPECT_EQ(p.file, "binlog.000003");
  EXPECT_EQ(p.offset, 1234u);
  EXPECT_EQ(p.gtid, "0-1-57");
  EXPECT_EQ(p.server_id, 7u);
  EXPECT_EQ(ParseMysqlPosition("binlog.000003:1234 server=9").server_id, 9u);
  EXPECT_EQ(ParseMysqlPosition("binlog.000003:1234 gtid=0-1-57").server_id, 0u);
  for (const char* bad : {"binlog.000003:1234 gtid=0-1-57 server=", "binlog.000003:1234 server=0",
                          "binlog.000003:1234 server=x1", "binlog.000003:1234 server=99999999999"})
    EXPECT_THROW(ParseMysqlPosition(bad), Error) << bad;
}

TEST(MysqlBinlogPosition, LagIsMeasuredOnPositionsWithGtids) {
  LogDistance d = MeasureLogDistance(MysqlChangePosition("binlog.000003", 1000, "0-1-5"),
                                     MysqlChangePosition("binlog.000004", 77, "0-1-9"));
  EXPECT_EQ(FormatLogDistance(d), "1 file + 77 B");
}

}  // namespace
}  // namespace strata
