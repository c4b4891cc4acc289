#include "core/civil_time.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

CivilTime Date(int y, int m, int d, int hh = 0, int mi = 0, int ss = 0) {
  return CivilTime{y, m, d, hh, mi, ss};
}

TEST(CivilTimeTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2016));
  EXPECT_FALSE(IsLeapYear(2015));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2400));
}

TEST(CivilTimeTest, DaysInMonth) {
  EXPECT_EQ(DaysInMonth(2016, 2), 29);
  EXPECT_EQ(DaysInMonth(2015, 2), 28);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2016, 4), 30);
  EXPECT_EQ(DaysInMonth(2016, 1), 31);
  EXPECT_EQ(DaysInMonth(2016, 12), 31);
  EXPECT_EQ(DaysInMonth(2016, 0), 0);
  EXPECT_EQ(DaysInMonth(2016, 13), 0);
}

TEST(CivilTimeTest, IsValid) {
  EXPECT_TRUE(Date(2016, 2, 29).IsValid());
  EXPECT_FALSE(Date(2015, 2, 29).IsValid());
  EXPECT_FALSE(Date(2016, 13, 1).IsValid());
  EXPECT_FALSE(Date(2016, 4, 31).IsValid());
  EXPECT_FALSE(Date(2016, 1, 0).IsValid());
  EXPECT_TRUE(Date(2016, 1, 1, 23, 59, 59).IsValid());
  EXPECT_FALSE(Date(2016, 1, 1, 24, 0, 0).IsValid());
  EXPECT_FALSE(Date(2016, 1, 1, 0, 60, 0).IsValid());
  EXPECT_FALSE(Date(2016, 1, 1, 0, 0, 60).IsValid());
}

TEST(CivilTimeTest, DaysSinceEpoch) {
  EXPECT_EQ(Date(1970, 1, 1).ToDays(), 0);
  EXPECT_EQ(Date(1970, 1, 2).ToDays(), 1);
  EXPECT_EQ(Date(1969, 12, 31).ToDays(), -1);
  EXPECT_EQ(Date(2000, 1, 1).ToDays(), 10957);
  EXPECT_EQ(Date(2000, 3, 1).ToDays(), 10957 + 31 + 29);
  EXPECT_EQ(Date(2016, 11, 14).ToDays(), 17119);  // 1479081600 / 86400
  EXPECT_EQ(Date(1, 1, 1).ToDays(), -719162);
  EXPECT_EQ(CivilTime::FromDays(0), Date(1970, 1, 1));
  EXPECT_EQ(CivilTime::FromDays(-1), Date(1969, 12, 31));
  EXPECT_EQ(CivilTime::FromDays(17119), Date(2016, 11, 14));
  EXPECT_EQ(CivilTime::FromDays(-719162), Date(1, 1, 1));
}

// Walks day by day with a naive calendar and checks both conversions agree,
// which covers every month end and leap rule from 1600 to 2400.
TEST(CivilTimeTest, DaysMatchNaiveCalendar) {
  CivilTime t = Date(1600, 1, 1);
  int64_t days = t.ToDays();
  while (t.year <= 2400) {
    ASSERT_EQ(t.ToDays(), days) << t.FormatYmd();
    ASSERT_EQ(CivilTime::FromDays(days), t) << t.FormatYmd();
    if (++t.day > DaysInMonth(t.year, t.month)) {
      t.day = 1;
      if (++t.month > 12) {
        t.month = 1;
        ++t.year;
      }
    }
    ++days;
  }
}

TEST(CivilTimeTest, AddDaysCrossesMonthAndYear) {
  EXPECT_EQ(Date(2016, 2, 28).AddDays(1), Date(2016, 2, 29));
  EXPECT_EQ(Date(2016, 2, 28).AddDays(2), Date(2016, 3, 1));
  EXPECT_EQ(Date(2015, 2, 28).AddDays(1), Date(2015, 3, 1));
  EXPECT_EQ(Date(2100, 2, 28).AddDays(1), Date(2100, 3, 1));
  EXPECT_EQ(Date(2000, 2, 28).AddDays(1), Date(2000, 2, 29));
  EXPECT_EQ(Date(2016, 3, 1).AddDays(-1), Date(2016, 2, 29));
  EXPECT_EQ(Date(2016, 12, 31).AddDays(1), Date(2017, 1, 1));
  EXPECT_EQ(Date(2017, 1, 1).AddDays(-1), Date(2016, 12, 31));
  EXPECT_EQ(Date(2016, 1, 1).AddDays(366), Date(2017, 1, 1));
  EXPECT_EQ(Date(2016, 11, 14, 8, 30, 5).AddDays(-14), Date(2016, 10, 31, 8, 30, 5));
}

TEST(CivilTimeTest, AddMonthsClampsDay) {
  EXPECT_EQ(Date(2016, 3, 31).AddMonths(-1), Date(2016, 2, 29));
  EXPECT_EQ(Date(2015, 3, 31).AddMonths(-1), Date(2015, 2, 28));
  EXPECT_EQ(Date(2016, 1, 31).AddMonths(1), Date(2016, 2, 29));
  EXPECT_EQ(Date(2016, 5, 31).AddMonths(-1), Date(2016, 4, 30));
  EXPECT_EQ(Date(2016, 2, 29).AddMonths(12), Date(2017, 2, 28));
  EXPECT_EQ(Date(2016, 2, 29).AddMonths(48), Date(2020, 2, 29));
  EXPECT_EQ(Date(2016, 1, 31).AddMonths(-25), Date(2013, 12, 31));
}

TEST(CivilTimeTest, AddMonthsCrossesYear) {
  EXPECT_EQ(Date(2016, 12, 15).AddMonths(1), Date(2017, 1, 15));
  EXPECT_EQ(Date(2016, 1, 15).AddMonths(-1), Date(2015, 12, 15));
  EXPECT_EQ(Date(2016, 1, 15).AddMonths(-12), Date(2015, 1, 15));
  EXPECT_EQ(Date(2016, 1, 15).AddMonths(0), Date(2016, 1, 15));
  EXPECT_EQ(Date(2016, 6, 15, 1, 2, 3).AddMonths(-6), Date(2015, 12, 15, 1, 2, 3));
}

TEST(CivilTimeTest, AddSecondsCarriesIntoDate) {
  EXPECT_EQ(Date(2016, 11, 15).AddSeconds(-1), Date(2016, 11, 14, 23, 59, 59));
  EXPECT_EQ(Date(2017, 1, 1).AddSeconds(-3600), Date(2016, 12, 31, 23, 0, 0));
  EXPECT_EQ(Date(2016, 2, 28, 23, 59, 59).AddSeconds(1), Date(2016, 2, 29));
  EXPECT_EQ(Date(2016, 12, 31, 23, 45, 0).AddSeconds(15 * 60), Date(2017, 1, 1));
  EXPECT_EQ(Date(2016, 1, 1, 12, 0, 0).AddSeconds(86400LL * 366), Date(2017, 1, 1, 12, 0, 0));
  EXPECT_EQ(Date(1970, 1, 1).AddSeconds(-86401), Date(1969, 12, 30, 23, 59, 59));
}

TEST(CivilTimeTest, Ordering) {
  EXPECT_LT(Date(2016, 11, 14), Date(2016, 11, 15));
  EXPECT_LT(Date(2016, 11, 14, 23, 59, 59), Date(2016, 11, 15));
  EXPECT_LT(Date(2015, 12, 31), Date(2016, 1, 1));
  EXPECT_LT(Date(2016, 11, 14, 0, 0, 1), Date(2016, 11, 14, 0, 1, 0));
  EXPECT_EQ(Date(2016, 11, 14, 1, 2, 3), Date(2016, 11, 14, 1, 2, 3));
  EXPECT_NE(Date(2016, 11, 14), Date(2016, 11, 14, 0, 0, 1));
  EXPECT_GT(Date(2016, 3, 1), Date(2016, 2, 29));
}

TEST(CivilTimeTest, ParseYmdAcceptsRealDates) {
  EXPECT_EQ(CivilTime::ParseYmd("20161114"), Date(2016, 11, 14));
  EXPECT_EQ(CivilTime::ParseYmd("20160229"), Date(2016, 2, 29));
  EXPECT_EQ(CivilTime::ParseYmd("20000229"), Date(2000, 2, 29));
  EXPECT_EQ(CivilTime::ParseYmd("00010101"), Date(1, 1, 1));
  EXPECT_EQ(CivilTime::ParseYmd("99991231"), Date(9999, 12, 31));
}

TEST(CivilTimeTest, ParseYmdRejectsBadText) {
  EXPECT_FALSE(CivilTime::ParseYmd("20161314"));
  EXPECT_FALSE(CivilTime::ParseYmd("20160230"));
  EXPECT_FALSE(CivilTime::ParseYmd("20150229"));
  EXPECT_FALSE(CivilTime::ParseYmd("21000229"));
  EXPECT_FALSE(CivilTime::ParseYmd("20161100"));
  EXPECT_FALSE(CivilTime::ParseYmd("20160431"));
  EXPECT_FALSE(CivilTime::ParseYmd("00000101"));
  EXPECT_FALSE(CivilTime::ParseYmd("2016111"));
  EXPECT_FALSE(CivilTime::ParseYmd("201611145"));
  EXPECT_FALSE(CivilTime::ParseYmd(""));
  EXPECT_FALSE(CivilTime::ParseYmd("2016-11-1"));
  EXPECT_FALSE(CivilTime::ParseYmd("2016111a"));
  EXPECT_FALSE(CivilTime::ParseYmd(" 2016111"));
}

TEST(CivilTimeTest, FormatYmd) {
  EXPECT_EQ(Date(2016, 11, 14).FormatYmd(), "20161114");
  EXPECT_EQ(Date(2016, 1, 5, 23, 0, 0).FormatYmd(), "20160105");
  EXPECT_EQ(Date(99, 1, 5).FormatYmd(), "00990105");
}

TEST(CivilTimeTest, FormatPatterns) {
  const CivilTime t = Date(2016, 11, 5, 8, 7, 9);
  EXPECT_EQ(t.Format("yyyymmdd"), "20161105");
  EXPECT_EQ(t.Format("yyyy-mm-dd"), "2016-11-05");
  EXPECT_EQ(t.Format("yyyy/mm/dd"), "2016/11/05");
  EXPECT_EQ(t.Format("yyyy_mm"), "2016_11");
  EXPECT_EQ(t.Format("dd.mm.yyyy"), "05.11.2016");
  EXPECT_EQ(t.Format("yy"), "16");
  EXPECT_EQ(t.Format("yyyymmddhh24miss"), "20161105080709");
  EXPECT_EQ(t.Format("yyyy-mm-dd hh24:mi:ss"), "2016-11-05 08:07:09");
  EXPECT_EQ(t.Format("hh24miss"), "080709");
  EXPECT_EQ(t.Format("hh24"), "08");
  EXPECT_EQ(t.Format("mi"), "07");
  EXPECT_EQ(t.Format("ss"), "09");
  EXPECT_EQ(t.Format(""), "");
  EXPECT_EQ(Date(2005, 1, 1).Format("yy"), "05");
}

TEST(CivilTimeTest, FormatRejectsUnknownCharacters) {
  const CivilTime t = Date(2016, 11, 5);
  EXPECT_FALSE(t.Format("yyyymmddx"));
  EXPECT_FALSE(t.Format("YYYYMMDD"));
  EXPECT_FALSE(t.Format("yyy"));
  EXPECT_FALSE(t.Format("mmm"));
  EXPECT_FALSE(t.Format("hh"));
  EXPECT_FALSE(t.Format("yyyy%mm"));
  EXPECT_FALSE(t.Format("yyyymmdd1"));
}

TEST(CivilTimeTest, FinestField) {
  EXPECT_EQ(FinestField("yyyy"), TimeField::kYear);
  EXPECT_EQ(FinestField("yy"), TimeField::kYear);
  EXPECT_EQ(FinestField("yyyymm"), TimeField::kMonth);
  EXPECT_EQ(FinestField("mm"), TimeField::kMonth);
  EXPECT_EQ(FinestField("yyyy-mm-dd"), TimeField::kDay);
  EXPECT_EQ(FinestField("ddmm"), TimeField::kDay);
  EXPECT_EQ(FinestField("hh24"), TimeField::kHour);
  EXPECT_EQ(FinestField("hh24mi"), TimeField::kMinute);
  EXPECT_EQ(FinestField("yyyymmddhh24miss"), TimeField::kSecond);
  EXPECT_FALSE(FinestField(""));
  EXPECT_FALSE(FinestField("-"));
  EXPECT_FALSE(FinestField("yyyyx"));
}

TEST(IsZeroDateTest, YearMonthOrDayZero) {
  for (const char* zero : {"0000-00-00", "2016-00-10", "2016-11-00 10:00:00", "0000-05-10"})
    EXPECT_TRUE(IsZeroDate(zero)) << zero;
  for (const char* real : {"2016-11-14", "0001-01-01", "2016-11-14 00:00:00", "10:00:00", ""})
    EXPECT_FALSE(IsZeroDate(real)) << real;
}

}  // namespace
}  // namespace strata
