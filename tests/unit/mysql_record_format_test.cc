// MariaDB's record bytes as verify reproduces them: decimals through the
// binlog decoder (the same binary form) back to the server's text, from
// text and from unscaled integers alike; dates and instants through the
// decoder; latin1 both ways; CHAR and BINARY padding; which columns have a
// form at all.

#include "source/mysql/mysql_record_format.h"

#include <gtest/gtest.h>
#include <mysql.h>

#include <random>

#include "source/mysql/mysql_latin1.h"
#include "source/mysql/mysql_row_image.h"

namespace strata {
namespace {

TEST(MysqlRecordFormat, DecimalsRoundTripThroughTheServersForm) {
  struct Case {
    const char* text;
    int precision, scale;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"0.00", 5, 2},
           {"12.50", 5, 2},
           {"-12.50", 5, 2},
           {"-0.05", 5, 2},
           {"999.99", 5, 2},
           {"1234567890.1234", 14, 4},
           {"-1234567890.1234", 14, 4},
           {"1", 10, 0},
           {"-1", 10, 0},
           {"99999999999999999999999999999999999.999999999999999999999999999999", 65, 30},
           {"-99999999999999999999999999999999999.999999999999999999999999999999", 65, 30},
           {"0.000000000000000000000000000001", 65, 30},
           {"-0.0000000001", 38, 10},
           {"123456789012345678", 18, 0},
           {"0.123456789", 9, 9}}) {
    std::optional<std::string> bin = MysqlDecimalBinary(c.text, c.precision, c.scale);
    ASSERT_TRUE(bin) << c.text;
    EXPECT_EQ(bin->size(), MysqlDecimalSize(c.precision, c.scale)) << c.text;
    EXPECT_EQ(MysqlDecimalText(*bin, c.precision, c.scale), c.text);
  }
  EXPECT_EQ(MysqlDecimalBinary("-0.00", 5, 2), MysqlDecimalBinary("0.00", 5, 2));
  EXPECT_FALSE(MysqlDecimalBinary("1000.00", 5, 2));  // too many integer digits
  EXPECT_FALSE(MysqlDecimalBinary("1.234", 5, 2));    // too many fraction digits
  EXPECT_FALSE(MysqlDecimalBinary("1x.2", 5, 2));
}

TEST(MysqlRecordFormat, UnscaledIntegersGiveTheTextsBytes) {
  std::mt19937_64 rng(7);
  for (int scale = 0; scale <= 18; ++scale) {
    MysqlRecordColumn col{MysqlRecordForm::kDecimal, 18, scale};
    for (int i = 0; i < 200; ++i) {
      int64_t v = static_cast<int64_t>(rng() % 1'000'000'000'000'000'000ULL) * (i % 2 ? -1 : 1);
      if (i < 3) v = i == 0 ? 0 : i == 1 ? 999'999'999'999'999'999 : -1;
      std::string from_int, from_text;
      ASSERT_TRUE(AppendMysqlRecordInt(&from_int, v, col)) << v;
      std::string digits = std::to_string(v < 0 ? -v : v);
      if (scale > 0) {
        digits.insert(
            0, static_cast<size_t>(std::max(0, scale + 1 - static_cast<int>(digits.size()))), '0');
        digits.insert(digits.size() - static_cast<size_t>(scale), ".");
      }
      ASSERT_TRUE(AppendMysqlRecordText(&from_text, (v < 0 ? "-" : "") + digits, col));
      EXPECT_EQ(from_int, from_text) << v << " scale " << scale;
      EXPECT_EQ(MysqlDecimalText(from_int, 18, scale), (v < 0 ? "-" : "") + digits)
          << v << " scale " << scale;
    }
  }
}

// Decodes `bytes` as one binlog row image of `types` (no NULLs).
MysqlLoggedRow Decode(std::vector<MysqlLoggedColumn> cols, const std::string& values) {
  std::string image(1, '\0');  // the NULL bitmap of up to 8 columns
  image += values;
  MysqlRowImageReader reader(cols, image, false, "app.t");
  return reader.Read();
}

MysqlLoggedColumn Logged(uint8_t type, uint32_t meta = 0) {
  MysqlLoggedColumn c;
  c.type = type;
  c.meta = meta;
  return c;
}

TEST(MysqlRecordFormat, DatesAndInstantsDecodeToTheirText) {
  constexpr int64_t kDay = 86'400'000'000;
  const int64_t d2016 = 17'119;  // 2016-11-14
  std::string bytes;
  ASSERT_TRUE(AppendMysqlRecordInt(&bytes, d2016, {MysqlRecordForm::kDate}));
  int64_t micros = d2016 * kDay + 36'000'000'000 + 1;  // 10:00:00.000001
  ASSERT_TRUE(AppendMysqlRecordInt(&bytes, micros, {MysqlRecordForm::kDatetime2, 6}));
  ASSERT_TRUE(AppendMysqlRecordInt(&bytes, micros - 1, {MysqlRecordForm::kDatetime2, 0}));
  ASSERT_TRUE(AppendMysqlRecordInt(&bytes, micros + 123'000 - 1, {MysqlRecordForm::kDatetime2, 3}));
  int64_t first = -30'610'224'000'000'000;  // 1000-01-01 00:00:00
  ASSERT_TRUE(AppendMysqlRecordInt(&bytes, first, {MysqlRecordForm::kDatetime2, 2}));
  ASSERT_TRUE(
      AppendMysqlRecordInt(&bytes, 2'147'483'647'999'999, {MysqlRecordForm::kTimestamp2, 6}));
  ASSERT_TRUE(AppendMysqlRecordInt(&bytes, 1'000'000, {MysqlRecordForm::kTimestamp2, 0}));
  MysqlLoggedRow r = Decode(
      {Logged(MYSQL_TYPE_DATE), Logged(MYSQL_TYPE_DATETIME2, 6), Logged(MYSQL_TYPE_DATETIME2, 0),
       Logged(MYSQL_TYPE_DATETIME2, 3), Logged(MYSQL_TYPE_DATETIME2, 2),
       Logged(MYSQL_TYPE_TIMESTAMP2, 6), Logged(MYSQL_TYPE_TIMESTAMP2, 0)},
      bytes);
  EXPECT_EQ(r[0].Text(), "2016-11-14");
  EXPECT_EQ(r[1].Text(), "2016-11-14 10:00:00.000001");
  EXPECT_EQ(r[2].Text(), "2016-11-14 10:00:00");
  EXPECT_EQ(r[3].Text(), "2016-11-14 10:00:00.123");
  EXPECT_EQ(r[4].Text(), "1000-01-01 00:00:00.00");
  EXPECT_EQ(r[5].Text(), "2038-01-19 03:14:07.999999");
  EXPECT_EQ(r[6].Text(), "1970-01-01 00:00:01");
  std::string out;
  EXPECT_FALSE(AppendMysqlRecordInt(&out, -1'000'000, {MysqlRecordForm::kTimestamp2, 0}));
}

TEST(MysqlRecordFormat, TimesDecodeToTheirText) {
  const char* texts[] = {"-838:59:59",  "838:59:59.999999", "-00:00:01.500000", "-00:00:01.50",
                         "-00:00:01.5", "12:34:56.789",     "-12:34:56.7890",   "00:00:00"};
  const int fsps[] = {0, 6, 6, 2, 1, 3, 4, 0};
  std::string bytes;
  std::vector<MysqlLoggedColumn> cols;
  for (size_t i = 0; i < std::size(texts); ++i) {
    ASSERT_TRUE(AppendMysqlRecordText(&bytes, texts[i], {MysqlRecordForm::kTime2, fsps[i]}))
        << texts[i];
    cols.push_back(Logged(MYSQL_TYPE_TIME2, static_cast<uint32_t>(fsps[i])));
  }
  MysqlLoggedRow r = Decode(cols, bytes);
  for (size_t i = 0; i < std::size(texts); ++i) EXPECT_EQ(r[i].Text(), texts[i]);
  std::string out;
  EXPECT_FALSE(AppendMysqlRecordText(&out, "12:60:00", {MysqlRecordForm::kTime2, 0}));
  EXPECT_FALSE(AppendMysqlRecordText(&out, "noon", {MysqlRecordForm::kTime2, 0}));
}

TEST(MysqlRecordFormat, IntegersYearBitAndFloats) {
  std::string out;
  EXPECT_FALSE(AppendMysqlRecordInt(&out, 1, {MysqlRecordForm::kLittleEndian, 9}));
  EXPECT_FALSE(AppendMysqlRecordInt(&out, 1, {MysqlRecordForm::kBigEndian, -1}));
  AppendMysqlRecordInt(&out, -2, {MysqlRecordForm::kLittleEndian, 3});
  AppendMysqlRecordInt(&out, 0x0102, {MysqlRecordForm::kBigEndian, 2});
  AppendMysqlRecordInt(&out, 2155, {MysqlRecordForm::kYear});
  AppendMysqlRecordInt(&out, 0, {MysqlRecordForm::kYear});
  EXPECT_EQ(out, std::string("\xFE\xFF\xFF\x01\x02\xFF\x00", 7));
  out.clear();
  AppendMysqlRecordDouble(&out, 1.0, {MysqlRecordForm::kFloat});
  AppendMysqlRecordDouble(&out, -2.0, {MysqlRecordForm::kDouble});
  EXPECT_EQ(out, std::string("\x00\x00\x80\x3F\x00\x00\x00\x00\x00\x00\x00\xC0", 12));
}

TEST(MysqlRecordFormat, TextInItsCharacterSetAndPadded) {
  std::string out;
  ASSERT_TRUE(AppendMysqlRecordText(&out, "ab", {MysqlRecordForm::kUtf8, 12}));
  EXPECT_EQ(out, "ab          ");
  out.clear();
  ASSERT_TRUE(AppendMysqlRecordText(&out, "\xE2\x82\xAC\xC3\xA9", {MysqlRecordForm::kLatin1}));
  EXPECT_EQ(out, "\x80\xE9");  // € and é
  out.clear();
  ASSERT_TRUE(AppendMysqlRecordText(&out, std::string("\x01", 1), {MysqlRecordForm::kBytes, 4}));
  EXPECT_EQ(out, std::string("\x01\0\0\0", 4));
  EXPECT_FALSE(AppendMysqlRecordText(&out, "\xC4\x80", {MysqlRecordForm::kLatin1}));  // U+0100
  for (int b = 0; b < 256; ++b) {
    std::string one(1, static_cast<char>(b));
    EXPECT_EQ(MysqlUtf8ToLatin1(MysqlLatin1ToUtf8(one)), one) << b;
  }
}

TEST(MysqlRecordFormat, ColumnsWithAndWithoutAForm) {
  struct Case {
    MysqlColumnFacts facts;
    MysqlRecordForm form;
    int a;
  };
  for (const Case& c : std::initializer_list<Case>{
           {{"int", "int(10) unsigned", "", 0, 0, 0, 0}, MysqlRecordForm::kLittleEndian, 4},
           {{"char", "char(3)", "utf8mb4", 12, 0, 0, 0}, MysqlRecordForm::kUtf8, 12},
           {{"varchar", "varchar(9)", "latin1", 9, 0, 0, 0}, MysqlRecordForm::kLatin1, 0},
           {{"bit", "bit(10)", "", 0, 10, 0, 0}, MysqlRecordForm::kBigEndian, 2},
           {{"enum", "enum('a','b')", "", 0, 0, 0, 0}, MysqlRecordForm::kEnum, 1},
           {{"set", "set('a','b','c','d','e','f','g','h','i')", "", 0, 0, 0, 0},
            MysqlRecordForm::kSet,
            2},
       }) {
    std::string why;
    std::optional<MysqlRecordColumn> got = MysqlRecordColumnOf(c.facts, &why);
    ASSERT_TRUE(got) << c.facts.column_type << ": " << why;
    EXPECT_EQ(got->form, c.form) << c.facts.column_type;
    EXPECT_EQ(got->a, c.a) << c.facts.column_type;
  }
  std::string why;
  EXPECT_FALSE(MysqlRecordColumnOf({"point", "point", "", 0, 0, 0, 0}, &why));
  EXPECT_EQ(why, "type point");
  EXPECT_FALSE(MysqlRecordColumnOf({"varchar", "varchar(9)", "gbk", 18, 0, 0, 0}, &why));
  EXPECT_EQ(why, "character set gbk");
}

}  // namespace
}  // namespace strata
