// The value parsers' dates, timestamps and UTF-8 lengths.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/value_parsers.h"

namespace strata {
namespace {

// Days since 1970-01-01, worked out by hand:
// 1970..2015 is 46 years with 11 leap years (1972 .. 2012): 46*365 + 11.
constexpr int32_t kDays20160101 = 46 * 365 + 11;  // 16801
// Jan..Oct 2016 = 31+29+31+30+31+30+31+31+30+31 = 305 days; plus 13 days.
constexpr int32_t kDays20161114 = kDays20160101 + 305 + 13;  // 17119
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
constexpr int64_t kMicrosPerHour = 3600LL * 1000000;

// ----------------------------------------------------------------- ParseDate

int32_t Date(std::string_view text) {
  std::string why;
  auto d = ParseDate(text, &why);
  EXPECT_TRUE(d.has_value()) << text << ": " << why;
  return d.value_or(-424242);
}

std::string DateError(std::string_view text) {
  std::string why;
  auto d = ParseDate(text, &why);
  EXPECT_FALSE(d.has_value()) << text << " was accepted as day " << d.value_or(0);
  EXPECT_FALSE(why.empty()) << text;
  return why;
}

TEST(ValueParsersDateTest, DaysSinceEpoch) {
  EXPECT_EQ(Date("1970-01-01"), 0);
  EXPECT_EQ(Date("1970-01-02"), 1);
  EXPECT_EQ(Date("1969-12-31"), -1);
  EXPECT_EQ(Date("2000-01-01"), 10957);  // 946684800 s / 86400
  EXPECT_EQ(Date("2016-01-01"), kDays20160101);
  EXPECT_EQ(Date("2016-11-14"), kDays20161114);
  EXPECT_EQ(Date("1960-01-01"), -3653);    // 1960..1969: 10 years, 3 leap
  EXPECT_EQ(Date("1900-01-01"), -25567);   // 2208988800 s / 86400
  EXPECT_EQ(Date("0001-01-01"), -719162);  // proleptic Gregorian
  EXPECT_EQ(Date("9999-12-31"), 2932896);
}

TEST(ValueParsersDateTest, LeapDays) {
  EXPECT_EQ(Date("2016-02-29"), kDays20160101 + 31 + 28);
  EXPECT_EQ(Date("2016-03-01"), kDays20160101 + 31 + 29);
  EXPECT_EQ(Date("2000-02-29"), 10957 + 31 + 28);
  EXPECT_EQ(DateError("2015-02-29"), "not a real calendar date");
  EXPECT_EQ(DateError("1900-02-29"), "not a real calendar date");
  EXPECT_EQ(DateError("2100-02-29"), "not a real calendar date");
}

TEST(ValueParsersDateTest, RejectsImpossibleDates) {
  for (std::string_view s : {"2016-13-01", "2016-01-32", "2016-04-31", "2016-06-31", "2016-99-99"})
    EXPECT_EQ(DateError(s), "not a real calendar date") << s;
  for (std::string_view s : {"2016-00-10", "0000-00-00", "2016-01-00"})
    EXPECT_EQ(DateError(s), "zero date (not a real calendar date)") << s;
}

TEST(ValueParsersDateTest, RejectsMalformedText) {
  for (std::string_view s : {"", "2016", "2016-1-14", "2016-11-4", "16-11-14", "2016/11/14",
                             "20161114", "2016-11-14 ", " 2016-11-14", "2016-11-1x", "abcd-ef-gh",
                             "+016-11-14", "2016-11-14x", "2016-11-14T", "2016-11-14 00:00"})
    DateError(s);
  EXPECT_EQ(DateError("2016/11/14"), "not a date (expected yyyy-mm-dd)");
}

TEST(ValueParsersDateTest, MidnightDatetimeIsADate) {
  EXPECT_EQ(Date("2016-11-14 00:00:00"), kDays20161114);
  EXPECT_EQ(Date("2016-11-14T00:00:00"), kDays20161114);
  EXPECT_EQ(Date("2016-11-14 00:00:00.000000"), kDays20161114);
  EXPECT_EQ(Date("2016-02-29 00:00:00"), kDays20160101 + 59);
  EXPECT_EQ(Date("1969-12-31 00:00:00"), -1);
  EXPECT_EQ(Date("1900-01-01 00:00:00.0"), -25567);
}

TEST(ValueParsersDateTest, TimeOfDayIsRejected) {
  const std::string reason = "has a time of day, but the column is a date";
  EXPECT_EQ(DateError("2016-11-14 10:00:00"), reason);
  EXPECT_EQ(DateError("2016-11-14 00:00:01"), reason);
  EXPECT_EQ(DateError("2016-11-14 00:00:00.000001"), reason);
  EXPECT_EQ(DateError("2016-11-14 23:59:59.999999"), reason);
  // Before the epoch the timestamp is negative; its time of day still counts.
  EXPECT_EQ(DateError("1969-12-31 12:00:00"), reason);
  EXPECT_EQ(DateError("1900-01-01 00:00:00.5"), reason);
  // A bad datetime fails for its own reason.
  EXPECT_EQ(DateError("2015-02-29 00:00:00"), "not a real calendar date");
}

TEST(ValueParsersDateTest, BcDatesAreStoredExactly) {
  // 1 BC is year 0, a leap year of 366 days before 0001-01-01 (day -719162).
  EXPECT_EQ(Date("0001-01-01 BC"), -719162 - 366);
  EXPECT_EQ(Date("0001-12-31 BC"), -719163);
  EXPECT_EQ(Date("0001-02-29 BC"), -719162 - 366 + 31 + 28);
  // Julian day 0 is 4714-11-24 BC; the epoch is Julian day 2440588.
  EXPECT_EQ(Date("4714-11-24 BC"), -2440588);
  EXPECT_EQ(Date("0001-01-01 00:00:00 BC"), -719162 - 366);
  EXPECT_EQ(DateError("0002-02-29 BC"), "not a real calendar date");  // 2 BC is no leap year
  EXPECT_EQ(DateError("0001-01-01 10:00:00 BC"), "has a time of day, but the column is a date");
  EXPECT_EQ(DateError("0000-01-01 BC"), "zero date (not a real calendar date)");
  EXPECT_EQ(DateError("yesterday BC"), "not a date (expected yyyy-mm-dd)");
}

// ------------------------------------------------------------ ParseTimestamp

int64_t Ts(std::string_view text) {
  std::string why;
  auto t = ParseTimestamp(text, &why);
  EXPECT_TRUE(t.has_value()) << text << ": " << why;
  return t.value_or(-424242);
}

std::string TsError(std::string_view text) {
  std::string why;
  auto t = ParseTimestamp(text, &why);
  EXPECT_FALSE(t.has_value()) << text << " was accepted as " << t.value_or(0);
  EXPECT_FALSE(why.empty()) << text;
  return why;
}

TEST(ValueParsersTimestampTest, MicrosecondsAreKeptExactly) {
  // 17119 days * 86400 s = 1479081600 s; + 10 h = 36000 s; + .123456 s.
  EXPECT_EQ(Ts("2016-11-14 10:00:00.123456"), 1479117600123456LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00"), 1479117600000000LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.5"), 1479117600500000LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.05"), 1479117600050000LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.000001"), 1479117600000001LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.999999"), 1479117600999999LL);
  EXPECT_EQ(Ts("2016-11-14 23:59:59.999999"), 1479167999999999LL);
  EXPECT_EQ(Ts("2016-11-14 12:34:56.789012"),
            kDays20161114 * kMicrosPerDay + ((12 * 60 + 34) * 60 + 56) * 1000000LL + 789012);
}

TEST(ValueParsersTimestampTest, BareDateIsMidnight) {
  EXPECT_EQ(Ts("2016-11-14"), 1479081600000000LL);
  EXPECT_EQ(Ts("1970-01-01"), 0);
  EXPECT_EQ(Ts("1970-01-01 00:00:00"), 0);
}

TEST(ValueParsersTimestampTest, TSeparator) {
  EXPECT_EQ(Ts("2016-11-14T10:00:00.123456"), 1479117600123456LL);
  EXPECT_EQ(Ts("2016-11-14T10:00:00"), 1479117600000000LL);
  EXPECT_EQ(TsError("2016-11-14x10:00:00"), "not a datetime (expected yyyy-mm-dd hh:mm:ss)");
  EXPECT_EQ(TsError("2016-11-14t10:00:00"), "not a datetime (expected yyyy-mm-dd hh:mm:ss)");
  EXPECT_EQ(TsError("2016-11-14_10:00:00"), "not a datetime (expected yyyy-mm-dd hh:mm:ss)");
}

TEST(ValueParsersTimestampTest, SevenToNineFractionalDigitsOnlyIfZero) {
  EXPECT_EQ(Ts("2016-11-14 10:00:00.1234560"), 1479117600123456LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.12345600"), 1479117600123456LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.123456000"), 1479117600123456LL);
  EXPECT_EQ(Ts("2016-11-14 10:00:00.000000000"), 1479117600000000LL);
  const std::string reason = "has more than microsecond precision";
  EXPECT_EQ(TsError("2016-11-14 10:00:00.1234567"), reason);
  EXPECT_EQ(TsError("2016-11-14 10:00:00.12345601"), reason);
  EXPECT_EQ(TsError("2016-11-14 10:00:00.123456001"), reason);
  EXPECT_EQ(TsError("2016-11-14 10:00:00.000000001"), reason);
  // Ten digits are more than any database sends: malformed, zeros or not.
  TsError("2016-11-14 10:00:00.1234560000");
  TsError("2016-11-14 10:00:00.0000000000");
}

TEST(ValueParsersTimestampTest, BeforeTheEpochIsNegative) {
  EXPECT_EQ(Ts("1969-12-31 23:59:59.999999"), -1);
  EXPECT_EQ(Ts("1969-12-31 23:59:59"), -1000000);
  EXPECT_EQ(Ts("1969-12-31"), -kMicrosPerDay);
  EXPECT_EQ(Ts("1969-12-31 00:00:00.000001"), -kMicrosPerDay + 1);
  EXPECT_EQ(Ts("1960-01-01 00:00:00"), -315619200000000LL);
  // 1900-01-01 is day -25567; noon adds 12 h.
  EXPECT_EQ(Ts("1900-01-01 12:00:00"), -2208988800000000LL + 12 * kMicrosPerHour);
  EXPECT_EQ(Ts("0001-01-01 00:00:00"), -719162LL * kMicrosPerDay);
  EXPECT_EQ(Ts("9999-12-31 23:59:59.999999"), 2932897LL * kMicrosPerDay - 1);
}

TEST(ValueParsersTimestampTest, LeapDay) {
  EXPECT_EQ(Ts("2016-02-29 06:00:00"), (kDays20160101 + 59) * kMicrosPerDay + 6 * kMicrosPerHour);
  EXPECT_EQ(TsError("2015-02-29 06:00:00"), "not a real calendar date");
}

TEST(ValueParsersTimestampTest, RejectsBadTimes) {
  const std::string reason = "not a time of day (expected hh:mm:ss[.ffffff])";
  for (std::string_view s :
       {"2016-11-14 24:00:00", "2016-11-14 10:60:00", "2016-11-14 10:00:60", "2016-11-14 10:00",
        "2016-11-14 10:00:00.", "2016-11-14 10:00:00,5", "2016-11-14 10:00:00Z",
        "2016-11-14 10:00:00+08:00", "2016-11-14 10:00:00 ", "2016-11-14  10:00:00",
        "2016-11-14 1:00:00", "2016-11-14 10-00-00", "2016-11-14 ", "2016-11-14T",
        "2016-11-14 10:00:00.12a", "2016-11-14 10:00:00.-1", "2016-11-14 aa:bb:cc"})
    EXPECT_EQ(TsError(s), reason) << s;
}

TEST(ValueParsersTimestampTest, RejectsBadDates) {
  EXPECT_EQ(TsError(""), "not a date (expected yyyy-mm-dd)");
  EXPECT_EQ(TsError("2016-1-14 10:00:00"), "not a date (expected yyyy-mm-dd)");
  EXPECT_EQ(TsError("10:00:00"), "not a date (expected yyyy-mm-dd)");
  EXPECT_EQ(TsError("0000-00-00 00:00:00"), "zero date (not a real calendar date)");
  EXPECT_EQ(TsError("2016-00-10 00:00:00"), "zero date (not a real calendar date)");
}

TEST(ValueParsersTimestampTest, BcDateNamesTheValue) {
  EXPECT_EQ(TsError("4713-01-01 BC"),
            "'4713-01-01 BC': a BC date; datetime columns hold the years 0001 to 9999");
  EXPECT_EQ(TsError("0044-03-15 12:00:00 BC"),
            "'0044-03-15 12:00:00 BC': a BC date; datetime columns hold the years 0001 to 9999");
}

// ---------------------------------------------------------------- Utf8Length

TEST(ValueParsersUtf8Test, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length(std::string_view("a\0b", 3)), 3u);  // NUL is a code point
  EXPECT_EQ(Utf8Length("\xC3\xA9"), 1u);                   // U+00E9 é
  EXPECT_EQ(Utf8Length("caf\xC3\xA9"), 4u);
  EXPECT_EQ(Utf8Length("\xE4\xB8\xAD\xE6\x96\x87"), 2u);  // 中文
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1u);          // U+1F600
  EXPECT_EQ(Utf8Length("a\xF0\x9F\x98\x80"
                       "b"),
            3u);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 3u);
}

// Long ASCII runs are taken eight bytes at a time; a multi-byte character or
// a bad byte at any offset around those eight-byte steps still counts right.
TEST(ValueParsersUtf8Test, LongTextAtEveryOffset) {
  for (size_t at = 0; at <= 20; ++at) {
    std::string text = std::string(at, 'x') + "\xC3\xA9" + std::string(17, 'y');
    EXPECT_EQ(Utf8Length(text), at + 1 + 17) << "e-acute at " << at;
    std::string bad = std::string(at, 'x') + "\xC3" + std::string(17, 'y');
    EXPECT_EQ(Utf8Length(bad), std::nullopt) << "truncated at " << at;
  }
  EXPECT_EQ(Utf8Length(std::string(64, 'a')), 64u);
  EXPECT_EQ(Utf8Length(std::string(63, 'a')), 63u);
}

TEST(ValueParsersUtf8Test, EncodingBoundaries) {
  EXPECT_EQ(Utf8Length("\x7F"), 1u);              // U+007F, last 1-byte
  EXPECT_EQ(Utf8Length("\xC2\x80"), 1u);          // U+0080, first 2-byte
  EXPECT_EQ(Utf8Length("\xDF\xBF"), 1u);          // U+07FF, last 2-byte
  EXPECT_EQ(Utf8Length("\xE0\xA0\x80"), 1u);      // U+0800, first 3-byte
  EXPECT_EQ(Utf8Length("\xED\x9F\xBF"), 1u);      // U+D7FF, below the surrogates
  EXPECT_EQ(Utf8Length("\xEE\x80\x80"), 1u);      // U+E000, above the surrogates
  EXPECT_EQ(Utf8Length("\xEF\xBF\xBF"), 1u);      // U+FFFF, last 3-byte
  EXPECT_EQ(Utf8Length("\xF0\x90\x80\x80"), 1u);  // U+10000, first 4-byte
  EXPECT_EQ(Utf8Length("\xF4\x8F\xBF\xBF"), 1u);  // U+10FFFF, last code point
}

TEST(ValueParsersUtf8Test, RejectsTruncatedAndMisplacedBytes) {
  for (std::string_view s : {"\x80", "\xBF", "a\x80", "\xC3", "abc\xC3", "\xE4\xB8", "\xF0\x9F\x98",
                             "\xC3\x28", "\xE4\x28\xAD", "\xE4\xB8\x28", "\xF0\x9F\x28\x80",
                             "\xF0\x9F\x98\x28", "\xC3\xA9\xA9", "\xFF", "\xFE",
                             "a\xFF"
                             "b",
                             "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80"}) {
    EXPECT_EQ(Utf8Length(s), std::nullopt) << testing::PrintToString(std::string(s));
  }
}

TEST(ValueParsersUtf8Test, RejectsOverlongSurrogatesAndBeyondUnicode) {
  // Forms RFC 3629 forbids, which DuckDB (and Parquet readers) reject too.
  for (std::string_view s : {
           "\xC0\x80",          // overlong NUL
           "\xC1\xBF",          // overlong U+007F
           "\xE0\x80\x80",      // overlong NUL, 3 bytes
           "\xE0\x9F\xBF",      // overlong U+07FF
           "\xF0\x80\x80\x80",  // overlong NUL, 4 bytes
           "\xF0\x8F\xBF\xBF",  // overlong U+FFFF
           "\xED\xA0\x80",      // U+D800, a surrogate
           "\xED\xBF\xBF",      // U+DFFF, a surrogate
           "\xF4\x90\x80\x80",  // U+110000
           "\xF5\x80\x80\x80",  // lead byte past U+10FFFF
           "\xF7\xBF\xBF\xBF",
       }) {
    EXPECT_EQ(Utf8Length(s), std::nullopt) << testing::PrintToString(std::string(s));
  }
}

}  // namespace
}  // namespace strata
