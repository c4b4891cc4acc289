// The binlog row-image decoder on hand-built bytes: binary DECIMAL as the
// server writes it in text (the MySQL manual's own example), table-map
// metadata including CHAR longer than 255 bytes, TIME2 with negative
// fractions, ENUM/SET labels, binlog positions; short data is a clear error
// naming the table, never a read past the end.

#include "source/mysql/mysql_row_image.h"

#include <gtest/gtest.h>
#include <mysql.h>

#include "core/error.h"
#include "source/mysql/mysql_binlog_position.h"
#include "source/mysql/mysql_capture_table.h"
#include "source/mysql/mysql_latin1.h"

namespace strata {
namespace {

std::string Hex(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s += static_cast<char>(b);
  return s;
}

TEST(MysqlRowImage, DecimalBytesBecomeTheServersText) {
  // 1234567890.1234 as DECIMAL(14,4), and its negative.
  EXPECT_EQ(MysqlDecimalText(Hex({0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2}), 14, 4),
            "1234567890.1234");
  EXPECT_EQ(MysqlDecimalText(Hex({0x7E, 0xF2, 0x04, 0xC7, 0x2D, 0xFB, 0x2D}), 14, 4),
            "-1234567890.1234");
  EXPECT_EQ(MysqlDecimalSize(14, 4), 7u);
  // 0.50 and -0.05 as DECIMAL(5,2): 3 integer digits (2 bytes), 2 fraction digits (1 byte).
  EXPECT_EQ(MysqlDecimalText(Hex({0x80, 0x00, 0x32}), 5, 2), "0.50");
  EXPECT_EQ(MysqlDecimalText(Hex({0x7F, 0xFF, 0xFA}), 5, 2), "-0.05");
  EXPECT_EQ(MysqlDecimalText(Hex({0x80, 0x00, 0x00}), 5, 2), "0.00");
}

TEST(MysqlRowImage, TableMapMetadataOfEveryShape) {
  // int, varchar(300 bytes), CHAR of 400 bytes (length's high bits in the
  // type byte), enum (1 byte), decimal(10,2), time2(3).
  std::string types = Hex({MYSQL_TYPE_LONG, MYSQL_TYPE_VARCHAR, MYSQL_TYPE_STRING,
                           MYSQL_TYPE_STRING, MYSQL_TYPE_NEWDECIMAL, MYSQL_TYPE_TIME2});
  std::string meta = Hex({0x2C, 0x01, 0xEE, 0x90, MYSQL_TYPE_ENUM, 1, 10, 2, 3});
  auto cols = ParseMysqlTableMap(types, meta, "app.t");
  ASSERT_EQ(cols.size(), 6u);
  EXPECT_EQ(cols[1].meta, 300u);
  EXPECT_EQ(cols[2].type, MYSQL_TYPE_STRING);
  EXPECT_EQ(cols[2].meta, 400u);
  EXPECT_EQ(cols[3].type, MYSQL_TYPE_ENUM);
  EXPECT_EQ(cols[3].meta, 1u);
  EXPECT_EQ(cols[4].meta, 10u);
  EXPECT_EQ(cols[4].meta2, 2u);
  EXPECT_EQ(cols[5].meta, 3u);
  EXPECT_THROW(ParseMysqlTableMap(types, meta.substr(0, 5), "app.t"), Error);
}

TEST(MysqlRowImage, RowsDecodeAndShortDataIsAnError) {
  std::vector<MysqlLoggedColumn> cols(4);
  cols[0].type = MYSQL_TYPE_LONG;
  cols[0].kind = MysqlValueKind::kSigned;
  cols[1].type = MYSQL_TYPE_TIME2;
  cols[1].meta = 2;
  cols[2].type = MYSQL_TYPE_ENUM;
  cols[2].meta = 1;
  cols[2].labels = {"a", "it's"};
  cols[3].type = MYSQL_TYPE_SET;
  cols[3].meta = 1;
  cols[3].labels = {"x", "y", "z"};
  // NULL bitmap 0; -2; TIME2(2) -00:00:01.50 (stored as whole -2, fraction 0x100 - 50);
  // enum 2; set x|z.
  std::string row = Hex({0x00, 0xFE, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFE, 0xCE, 0x02, 0x05});
  MysqlRowImageReader reader(cols, row, false, "app.t");
  MysqlLoggedRow r = reader.Read();
  EXPECT_TRUE(reader.AtEnd());
  EXPECT_EQ(r[0].i, -2);
  EXPECT_EQ(r[1].s, "-00:00:01.50");
  EXPECT_EQ(r[2].s, "it's");
  EXPECT_EQ(r[3].s, "x,z");
  std::string cut = row.substr(0, 7);
  MysqlRowImageReader shorter(cols, cut, false, "app.t");
  try {
    shorter.Read();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("table app.t"), std::string::npos) << e.what();
  }
}

TEST(MysqlRowImage, EnumLabelsFromColumnType) {
  EXPECT_EQ(MysqlEnumLabels("enum('a','it''s','')"), (std::vector<std::string>{"a", "it's", ""}));
  EXPECT_EQ(MysqlEnumLabels("set('x,y')"), (std::vector<std::string>{"x,y"}));
  EXPECT_TRUE(MysqlEnumLabels("int(11)").empty());
}

TEST(MysqlLatin1, ConvertsAsTheServerDoes) {
  EXPECT_EQ(MysqlLatin1ToUtf8("abc"), "abc");
  EXPECT_EQ(MysqlLatin1ToUtf8(Hex({0xE9, 0x80, 0x81, 0x9F, 0xFF})), "é€\u0081Ÿÿ");
}

TEST(MysqlBinlogPosition, OrderedByFileThenOffset) {
  ChangePosition a = MysqlChangePosition("binlog.000002", 900);
  ChangePosition b = MysqlChangePosition("binlog.000003", 4);
  EXPECT_LT(a, b);
  EXPECT_EQ(b.text, "binlog.000003:4");
  MysqlBinlogPosition p = ParseMysqlPosition("mysql-bin.000010:1234");
  EXPECT_EQ(p.file, "mysql-bin.000010");
  EXPECT_EQ(p.offset, 1234u);
  EXPECT_THROW(ParseMysqlPosition("binlog.000001"), Error);
  EXPECT_THROW(ParseMysqlPosition("binlog:12"), Error);
  EXPECT_THROW(ParseMysqlPosition("binlog.000001:99999999999"), Error);
}

}  // namespace
}  // namespace strata
