#include "sync/row_converter.h"

#include <gtest/gtest.h>

#include "row_converter_fixture.h"

namespace strata {
namespace {

using namespace strata::test;

// ------------------------------------------------------- dates and datetimes

TEST(RowConverterTest, TextIntoDate) {
  OneColumn c("date");
  EXPECT_EQ(c.Text("2016-02-29").Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), kDays20160229);
  EXPECT_EQ(c.Text("1969-12-31").Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), -1);
  EXPECT_EQ(c.Text("2016-11-14 00:00:00").Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), kDays20161114);
  EXPECT_EQ(c.Text("2015-02-29").Reason(), "not a real calendar date");
  EXPECT_EQ(c.dirty()->value, "2015-02-29");
  EXPECT_EQ(c.Text("0000-00-00").Reason(), "zero date (not a real calendar date)");
  EXPECT_EQ(c.Text("2016-11-14 10:00:00").Reason(), "has a time of day, but the column is a date");
  EXPECT_EQ(c.Text("14/11/2016").Reason(), "not a date (expected yyyy-mm-dd)");
  EXPECT_EQ(c.Text("0044-03-15 BC").Reason(), "");  // as PostgreSQL writes a BC date
  EXPECT_EQ(c.Get<int32_t>(), -735160);  // '0044-03-15 BC'::date - '1970-01-01' in PostgreSQL
  EXPECT_EQ(c.Int(20161114).Reason(), "an integer cannot become date");
  EXPECT_EQ(c.Double(1.5).Reason(), "a number cannot become date");
}

TEST(RowConverterTest, TextIntoDatetimeAndTimestamp) {
  for (std::string_view type : {"datetime", "timestamp"}) {
    SCOPED_TRACE(type);
    OneColumn c(type);
    EXPECT_EQ(c.Text("2016-11-14 10:00:00.123456").Reason(), "");
    EXPECT_EQ(c.Get<int64_t>(), kMicros20161114T100000_123456);
    EXPECT_EQ(c.Get<int64_t>(), 1479117600123456LL);
    EXPECT_EQ(c.Text("2016-11-14T10:00:00.123456").Reason(), "");
    EXPECT_EQ(c.Get<int64_t>(), 1479117600123456LL);
    EXPECT_EQ(c.Text("2016-11-14").Reason(), "");
    EXPECT_EQ(c.Get<int64_t>(), 1479081600000000LL);
    EXPECT_EQ(c.Text("1969-12-31 23:59:59.999999").Reason(), "");
    EXPECT_EQ(c.Get<int64_t>(), -1);
    EXPECT_EQ(c.Text("2016-11-14 10:00:00.1234567").Reason(),
              "has more than microsecond precision");
    EXPECT_EQ(c.Text("yesterday").Reason(), "not a date (expected yyyy-mm-dd)");
    EXPECT_EQ(c.dirty()->value, "yesterday");
    EXPECT_EQ(c.Text("4713-01-01 BC").Reason(),
              "'4713-01-01 BC': a BC date; datetime columns hold the years 0001 to 9999");
    EXPECT_EQ(c.Int(0).Reason(), "an integer cannot become " + std::string(type));
  }
}

// ------------------------------------------------------------------ booleans

TEST(RowConverterTest, Boolean) {
  OneColumn c("boolean");
  EXPECT_EQ(c.Text("true").Reason(), "");
  EXPECT_TRUE(c.Get<bool>());
  EXPECT_EQ(c.Text("F").Reason(), "");
  EXPECT_FALSE(c.Get<bool>());
  EXPECT_EQ(c.Text("1").Reason(), "");
  EXPECT_TRUE(c.Get<bool>());
  EXPECT_EQ(c.Text("maybe").Reason(), "not a boolean");
  EXPECT_EQ(c.dirty()->value, "maybe");
  EXPECT_EQ(c.Int(1).Reason(), "");
  EXPECT_TRUE(c.Get<bool>());
  EXPECT_EQ(c.Int(0).Reason(), "");
  EXPECT_FALSE(c.Get<bool>());
  EXPECT_EQ(c.UInt(1).Reason(), "");
  EXPECT_TRUE(c.Get<bool>());
  EXPECT_EQ(c.Int(2).Reason(), "not a boolean (0 or 1)");
  EXPECT_EQ(c.Int(-1).Reason(), "not a boolean (0 or 1)");
  EXPECT_EQ(c.Double(1.0).Reason(), "a number cannot become boolean");
}

// ------------------------------------------------------------------- strings

TEST(RowConverterTest, VarcharLengthCountsCharactersNotBytes) {
  OneColumn c("varchar(3)");
  EXPECT_EQ(c.Text("abc").Reason(), "");
  EXPECT_EQ(c.String(), "abc");
  EXPECT_EQ(c.Text("").Reason(), "");
  EXPECT_EQ(c.String(), "");
  EXPECT_EQ(c.Text("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97").Reason(), "");  // 中文字, 9 bytes
  EXPECT_EQ(c.String(), "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97");
  // Three U+1F600, 12 bytes.
  EXPECT_EQ(c.Text("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80").Reason(), "");
  EXPECT_EQ(c.String(), "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
  EXPECT_EQ(c.Text("abcd").Reason(), "longer than varchar(3)");
  EXPECT_EQ(c.dirty()->value, "abcd");
  EXPECT_EQ(c.Text("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97\xE7\xAC\xA6").Reason(),
            "longer than varchar(3)");
  EXPECT_EQ(c.Int(123).Reason(), "");
  EXPECT_EQ(c.String(), "123");
  EXPECT_EQ(c.Int(-123).Reason(), "longer than varchar(3)");
  EXPECT_EQ(c.dirty()->value, "-123");

  OneColumn ch("char(2)");
  EXPECT_EQ(ch.Text("\xC3\xA9\xC3\xA9").Reason(), "");  // éé
  EXPECT_EQ(ch.String(), "\xC3\xA9\xC3\xA9");
  EXPECT_EQ(ch.Text("abc").Reason(), "longer than char(2)");
}

TEST(RowConverterTest, StringHasNoLengthLimit) {
  OneColumn c("string");
  std::string long_text(100000, 'x');
  EXPECT_EQ(c.Text(long_text).Reason(), "");
  EXPECT_EQ(c.String(), long_text);
  EXPECT_EQ(c.Text("exactly 12 b").Reason(), "");  // the longest inlined string
  EXPECT_EQ(c.String(), "exactly 12 b");
  EXPECT_EQ(c.Text("thirteen byte").Reason(), "");  // the shortest out-of-line one
  EXPECT_EQ(c.String(), "thirteen byte");
  EXPECT_EQ(c.Int(-42).Reason(), "");
  EXPECT_EQ(c.String(), "-42");
  EXPECT_EQ(c.UInt(UINT64_MAX).Reason(), "");
  EXPECT_EQ(c.String(), "18446744073709551615");
  EXPECT_EQ(c.Double(0.1).Reason(), "");
  EXPECT_EQ(c.String(), "0.1");
  EXPECT_EQ(c.Text(std::string_view("a\0b", 3)).Reason(), "");
  EXPECT_EQ(c.String(), std::string("a\0b", 3));
}

TEST(RowConverterTest, InvalidUtf8IntoStringIsDirty) {
  OneColumn c("string");
  EXPECT_EQ(c.Text("\xC3\x28").Reason(), "not valid UTF-8");
  EXPECT_EQ(c.dirty()->value, "\xC3\x28");
  EXPECT_EQ(c.Text("abc\xFF").Reason(), "not valid UTF-8");
  EXPECT_EQ(c.Text("\xC0\x80").Reason(), "not valid UTF-8");      // overlong NUL
  EXPECT_EQ(c.Text("\xED\xA0\x80").Reason(), "not valid UTF-8");  // a surrogate
  EXPECT_EQ(c.Blob("\xFF\xFE").Reason(), "not valid UTF-8");
  EXPECT_EQ(c.Blob("plain").Reason(), "");
  EXPECT_EQ(c.String(), "plain");

  OneColumn v("varchar(10)");
  EXPECT_EQ(v.Text("\x80").Reason(), "not valid UTF-8");
}

TEST(RowConverterTest, BlobIntoBinaryKeepsEveryByte) {
  OneColumn c("binary");
  const std::string bytes("\x00\xFF\x80\xC0\x80 binary \x01", 14);
  EXPECT_EQ(c.Blob(bytes).Reason(), "");
  EXPECT_TRUE(c.valid());
  EXPECT_EQ(c.String(), bytes);
  EXPECT_EQ(c.Blob(std::string_view("\xFE\x00", 2)).Reason(), "");
  EXPECT_EQ(c.String(), std::string("\xFE\x00", 2));
  EXPECT_EQ(c.Blob("").Reason(), "");
  EXPECT_EQ(c.String(), "");
  EXPECT_EQ(c.Text("\xFF text").Reason(), "");
  EXPECT_EQ(c.String(), "\xFF text");
  EXPECT_EQ(c.Int(1).Reason(), "an integer cannot become binary");
  EXPECT_EQ(c.Double(1.0).Reason(), "a number cannot become binary");
}

TEST(RowConverterTest, BlobIntoOtherTypesIsReadAsText) {
  OneColumn c("int");
  EXPECT_EQ(c.Blob("17").Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), 17);
  OneColumn d("date");
  EXPECT_EQ(d.Blob("2016-02-29").Reason(), "");
  EXPECT_EQ(d.Get<int32_t>(), kDays20160229);
}

// --------------------------------------------------------------------- NULLs

TEST(RowConverterTest, NullMarksTheCellInvalid) {
  for (std::string_view type : {"boolean", "tinyint", "bigint", "float", "double", "decimal(38,2)",
                                "string", "varchar(3)", "date", "datetime", "binary"}) {
    SCOPED_TRACE(type);
    OneColumn c(type);
    c.Null();
    EXPECT_FALSE(c.dirty());
    EXPECT_FALSE(c.valid());
  }
}

// -------------------------------------------------- rows, dirt and slot reuse

Schema FourColumns() {
  return {{"id", Type("bigint")},
          {"name", Type("varchar(5)")},
          {"amount", Type("decimal(5,2)")},
          {"day", Type("date")}};
}

TEST(RowConverterTest, DirtyCarriesColumnValueAndReasonOfTheFirstBadValue) {
  Chunk chunk(FourColumns());
  RowConverter conv(chunk.schema(), {0, 1, 2, 3});
  conv.BeginRow(chunk.writer(), 0);
  EXPECT_FALSE(conv.dirty());
  conv.Int(0, 1);
  conv.Text(1, "abcdef");
  conv.Text(2, "1.239");
  conv.Text(3, "2015-02-29");
  ASSERT_TRUE(conv.dirty());
  EXPECT_EQ(conv.dirty()->column, "name");
  EXPECT_EQ(conv.dirty()->value, "abcdef");
  EXPECT_EQ(conv.dirty()->reason, "longer than varchar(5)");
}

TEST(RowConverterTest, SourceColumnsMapToTargetColumns) {
  Chunk chunk(FourColumns());
  // Source column 0 fills "day", 1 fills "id", 2 fills "amount", 3 fills "name".
  RowConverter conv(chunk.schema(), {3, 0, 2, 1});
  conv.BeginRow(chunk.writer(), 5);
  conv.Text(0, "2016-02-29");
  conv.Int(1, 77);
  conv.Null(2);
  conv.Text(3, "bob");
  EXPECT_FALSE(conv.dirty());
  EXPECT_EQ(chunk.Get<int64_t>(0, 5), 77);
  EXPECT_EQ(chunk.String(1, 5), "bob");
  EXPECT_FALSE(chunk.Valid(2, 5));
  EXPECT_EQ(chunk.Get<int32_t>(3, 5), kDays20160229);
  EXPECT_TRUE(chunk.Valid(0, 5));
  EXPECT_TRUE(chunk.Valid(1, 5));
  EXPECT_TRUE(chunk.Valid(3, 5));

  conv.BeginRow(chunk.writer(), 6);
  conv.Text(0, "2016-02-30");
  ASSERT_TRUE(conv.dirty());
  EXPECT_EQ(conv.dirty()->column, "day");  // named after the target column
  EXPECT_EQ(conv.dirty()->value, "2016-02-30");
  EXPECT_EQ(conv.dirty()->reason, "not a real calendar date");
}

TEST(RowConverterTest, BeginRowResetsDirtyState) {
  Chunk chunk(FourColumns());
  RowConverter conv(chunk.schema(), {0, 1, 2, 3});
  conv.BeginRow(chunk.writer(), 0);
  conv.Int(0, 1);
  conv.Text(2, "99999");
  ASSERT_TRUE(conv.dirty());
  EXPECT_EQ(conv.dirty()->column, "amount");

  conv.BeginRow(chunk.writer(), 0);
  EXPECT_FALSE(conv.dirty());
  conv.Int(0, 2);
  EXPECT_FALSE(conv.dirty());
  conv.Text(3, "bad");
  ASSERT_TRUE(conv.dirty());
  EXPECT_EQ(conv.dirty()->column, "day");  // not the previous row's "amount"
  EXPECT_EQ(conv.dirty()->value, "bad");

  conv.BeginRow(chunk.writer(), 1);
  EXPECT_FALSE(conv.dirty());
}

TEST(RowConverterTest, SlotReusedAfterADirtyRowIsFullyValid) {
  Chunk chunk(FourColumns());
  RowConverter conv(chunk.schema(), {0, 1, 2, 3});

  // Slot 3 first gets a dirty row: two NULLs, one good value, one bad one.
  conv.BeginRow(chunk.writer(), 3);
  conv.Int(0, 1);
  conv.Null(1);
  conv.Text(2, "12.345");  // rejected: its cell is never written
  conv.Null(3);
  ASSERT_TRUE(conv.dirty());
  EXPECT_EQ(conv.dirty()->column, "amount");

  // The caller logs it and reuses slot 3 for the next row, which is clean.
  conv.BeginRow(chunk.writer(), 3);
  conv.Int(0, 2);
  conv.Text(1, "\xC3\xA9t\xC3\xA9");  // été
  conv.Text(2, "-12.34");
  conv.Text(3, "2016-11-14");
  EXPECT_FALSE(conv.dirty());
  for (int col = 0; col < 4; ++col) EXPECT_TRUE(chunk.Valid(col, 3)) << col;
  EXPECT_EQ(chunk.Get<int64_t>(0, 3), 2);
  EXPECT_EQ(chunk.String(1, 3), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(chunk.Decimal(2, 3), -1234);
  EXPECT_EQ(chunk.Get<int32_t>(3, 3), kDays20161114);

  // And a later row that is NULL where the clean row had values.
  conv.BeginRow(chunk.writer(), 3);
  conv.Null(0);
  conv.Text(1, "x");
  conv.Null(2);
  conv.Null(3);
  EXPECT_FALSE(conv.dirty());
  EXPECT_FALSE(chunk.Valid(0, 3));
  EXPECT_TRUE(chunk.Valid(1, 3));
  EXPECT_FALSE(chunk.Valid(2, 3));
  EXPECT_FALSE(chunk.Valid(3, 3));
  EXPECT_EQ(chunk.String(1, 3), "x");

  // Neighbouring slots were never touched.
  for (int col = 0; col < 4; ++col) {
    EXPECT_TRUE(chunk.Valid(col, 2)) << col;
    EXPECT_TRUE(chunk.Valid(col, 4)) << col;
  }
}

TEST(RowConverterTest, RowsInDifferentSlotsAreIndependent) {
  Chunk chunk({{"n", Type("int")}, {"s", Type("string")}});
  RowConverter conv(chunk.schema(), {0, 1});
  const idx_t rows = chunk.writer()->capacity();
  for (idx_t r = 0; r < rows; ++r) {
    conv.BeginRow(chunk.writer(), r);
    if (r % 3 == 0) {
      conv.Null(0);
    } else {
      conv.Int(0, static_cast<int64_t>(r) * 1000);
    }
    conv.Text(1, "row " + std::to_string(r) + " with a long tail");
    ASSERT_FALSE(conv.dirty()) << r;
  }
  for (idx_t r = 0; r < rows; ++r) {
    EXPECT_EQ(chunk.Valid(0, r), r % 3 != 0) << r;
    if (r % 3 != 0) {
      EXPECT_EQ(chunk.Get<int32_t>(0, r), static_cast<int32_t>(r) * 1000) << r;
    }
    EXPECT_EQ(chunk.String(1, r), "row " + std::to_string(r) + " with a long tail") << r;
  }
}

// ------------------------------------------------- values decoded by a source

// A decoded value is taken only where its text would have been stored as the
// same value; everything else is declined, so the text path decides (and
// names the reason for) what does not fit.
TEST(RowConverterTest, TakesDecodedDatesAndTimestampsOfTheirOwnType) {
  OneColumn date("date");
  EXPECT_TRUE(date.TakeDate(kDays20160229));
  EXPECT_EQ(date.Get<int32_t>(), kDays20160229);
  EXPECT_TRUE(date.TakeDate(-719162));  // 0001-01-01
  EXPECT_TRUE(date.TakeDate(-719163));  // 0000-12-31, 1 BC: a Parquet DATE holds it
  EXPECT_EQ(date.Get<int32_t>(), -719163);
  EXPECT_TRUE(date.TakeDate(2932896));  // 9999-12-31
  EXPECT_TRUE(date.TakeDate(2932897));  // 10000-01-01
  EXPECT_FALSE(date.TakeTimestamp(0));  // a timestamp into a date: as text

  OneColumn ts("datetime");
  EXPECT_TRUE(ts.TakeTimestamp(kMicros20161114T100000_123456));
  EXPECT_EQ(ts.Get<int64_t>(), kMicros20161114T100000_123456);
  EXPECT_FALSE(ts.TakeTimestamp(-719163LL * 86400000000LL));
  EXPECT_FALSE(ts.TakeTimestamp(2932897LL * 86400000000LL));
  EXPECT_FALSE(ts.TakeDate(kDays20160229));
  EXPECT_FALSE(OneColumn("string").TakeTimestamp(0));
}

TEST(RowConverterTest, TakesDecodedDecimalsThatFitExactly) {
  OneColumn c("decimal(5,2)");
  EXPECT_TRUE(c.TakeDecimal(12345, 2));  // 123.45
  EXPECT_EQ(c.Decimal(), 12345);
  EXPECT_TRUE(c.TakeDecimal(-1234500, 4));  // -123.4500: trailing zeros go
  EXPECT_EQ(c.Decimal(), -12345);
  EXPECT_TRUE(c.TakeDecimal(999, 0));  // 999 -> 999.00
  EXPECT_EQ(c.Decimal(), 99900);
  EXPECT_FALSE(c.TakeDecimal(1000, 0));     // four digits before the point
  EXPECT_FALSE(c.TakeDecimal(-100000, 2));  // -1000.00
  EXPECT_FALSE(c.TakeDecimal(12345, 3));    // 12.345: a third decimal
  EXPECT_FALSE(c.TakeDecimal(1, 39));
  EXPECT_FALSE(OneColumn("double").TakeDecimal(1, 0));
  EXPECT_FALSE(OneColumn("string").TakeDecimal(1, 0));

  OneColumn wide("decimal(38,0)");
  __int128 max38 = kTen19 * kTen19 - 1;  // 38 nines
  EXPECT_TRUE(wide.TakeDecimal(max38, 0));
  EXPECT_EQ(wide.Decimal(), max38);
  EXPECT_FALSE(wide.TakeDecimal(max38 + 1, 0));
}

}  // namespace
}  // namespace strata
