#include "sync/row_converter.h"

#include <duckdb.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/column_type.h"
#include "warehouse/ingest/chunk_writer.h"

namespace strata {
namespace {

constexpr __int128 kTen19 = static_cast<__int128>(10000000000000000000ULL);

// Days and microseconds since 1970-01-01, worked out by hand: 1970..2015 is
// 46 years with 11 leap years, so 2016-01-01 is day 46*365 + 11 = 16801;
// 2016-02-29 adds 31 + 28 days; 2016-11-14 adds 305 + 13.
constexpr int32_t kDays20160229 = 16801 + 31 + 28;
constexpr int32_t kDays20161114 = 16801 + 305 + 13;
constexpr int64_t kMicros20161114T100000_123456 =
    kDays20161114 * 86400LL * 1000000 + 10 * 3600LL * 1000000 + 123456;

ColumnType Type(std::string_view text) {
  auto t = ParseColumnType(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(ColumnType{});
}

// A DuckDB data chunk laid out for `schema`, a ChunkWriter over it, and
// readers that go straight to the vectors through the C API.
class Chunk {
 public:
  explicit Chunk(Schema schema) : schema_(std::move(schema)) {
    std::vector<duckdb_logical_type> types;
    for (const Column& c : schema_) types.push_back(MakeDuckType(c.type));
    chunk_ = duckdb_create_data_chunk(types.data(), types.size());
    for (duckdb_logical_type& t : types) duckdb_destroy_logical_type(&t);
    writer_ = std::make_unique<ChunkWriter>(chunk_, schema_);
  }
  ~Chunk() { duckdb_destroy_data_chunk(&chunk_); }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;

  const Schema& schema() const { return schema_; }
  ChunkWriter* writer() { return writer_.get(); }

  bool Valid(int col, idx_t row) const {
    uint64_t* validity = duckdb_vector_get_validity(Vector(col));
    return validity == nullptr || duckdb_validity_row_is_valid(validity, row);
  }

  template <typename T>
  T Get(int col, idx_t row) const {
    return static_cast<const T*>(duckdb_vector_get_data(Vector(col)))[row];
  }

  std::string String(int col, idx_t row) const {
    duckdb_string_t s = Get<duckdb_string_t>(col, row);
    if (duckdb_string_is_inlined(s))
      return std::string(s.value.inlined.inlined, s.value.inlined.length);
    return std::string(s.value.pointer.ptr, s.value.pointer.length);
  }

  // The unscaled value of a decimal cell, read in DuckDB's physical width
  // for the column's precision (int16 up to 4 digits, int32 up to 9, int64
  // up to 18, hugeint beyond).
  __int128 Decimal(int col, idx_t row) const {
    int p = schema_[col].type.precision;
    if (p <= 4) return Get<int16_t>(col, row);
    if (p <= 9) return Get<int32_t>(col, row);
    if (p <= 18) return Get<int64_t>(col, row);
    duckdb_hugeint h = Get<duckdb_hugeint>(col, row);
    return static_cast<__int128>(h.upper) * (static_cast<__int128>(1) << 64) +
           static_cast<__int128>(h.lower);
  }

 private:
  duckdb_vector Vector(int col) const { return duckdb_data_chunk_get_vector(chunk_, col); }

  Schema schema_;
  duckdb_data_chunk chunk_;
  std::unique_ptr<ChunkWriter> writer_;
};

// One target column "c" of the given type, fed from source column 0. Every
// feed starts a fresh row slot, so a value an earlier feed left behind can
// never pass for the one under test.
class OneColumn {
 public:
  explicit OneColumn(std::string_view type)
      : chunk_(Schema{{"c", Type(type)}}), conv_(chunk_.schema(), {0}) {}

  OneColumn& Null() {
    Begin();
    conv_.Null(0);
    return *this;
  }
  OneColumn& Int(int64_t v) {
    Begin();
    conv_.Int(0, v);
    return *this;
  }
  OneColumn& UInt(uint64_t v) {
    Begin();
    conv_.UInt(0, v);
    return *this;
  }
  OneColumn& Double(double v) {
    Begin();
    conv_.Double(0, v);
    return *this;
  }
  OneColumn& Text(std::string_view v) {
    Begin();
    conv_.Text(0, v);
    return *this;
  }
  OneColumn& Blob(std::string_view v) {
    Begin();
    conv_.Blob(0, v);
    return *this;
  }

  // The Take* calls: true when the converter stored the value as it is.
  bool TakeDate(int32_t days) {
    Begin();
    return conv_.TakeDate(0, days);
  }
  bool TakeTimestamp(int64_t micros) {
    Begin();
    return conv_.TakeTimestamp(0, micros);
  }
  bool TakeDecimal(__int128 unscaled, int scale) {
    Begin();
    return conv_.TakeDecimal(0, unscaled, scale);
  }

  // "" when the value was accepted, else why it was not.
  std::string Reason() const { return conv_.dirty() ? conv_.dirty()->reason : ""; }
  const std::optional<DirtyValue>& dirty() const { return conv_.dirty(); }

  bool valid() const { return chunk_.Valid(0, row_); }
  template <typename T>
  T Get() const {
    return chunk_.Get<T>(0, row_);
  }
  std::string String() const { return chunk_.String(0, row_); }
  __int128 Decimal() const { return chunk_.Decimal(0, row_); }

 private:
  void Begin() {
    row_ = next_row_++;
    conv_.BeginRow(chunk_.writer(), row_);
  }

  Chunk chunk_;
  RowConverter conv_;
  idx_t row_ = 0;
  idx_t next_row_ = 0;
};

// ------------------------------------------------------------------ integers

TEST(RowConverterTest, TinyIntRange) {
  OneColumn c("tinyint");
  EXPECT_EQ(c.Int(127).Reason(), "");
  EXPECT_TRUE(c.valid());
  EXPECT_EQ(c.Get<int8_t>(), 127);
  EXPECT_EQ(c.Int(-128).Reason(), "");
  EXPECT_EQ(c.Get<int8_t>(), -128);
  EXPECT_EQ(c.Int(0).Reason(), "");
  EXPECT_EQ(c.Get<int8_t>(), 0);
  EXPECT_EQ(c.Int(128).Reason(), "out of range for tinyint");
  EXPECT_EQ(c.dirty()->value, "128");
  EXPECT_EQ(c.dirty()->column, "c");
  EXPECT_EQ(c.Int(-129).Reason(), "out of range for tinyint");
  EXPECT_EQ(c.dirty()->value, "-129");
  EXPECT_EQ(c.Int(INT64_MAX).Reason(), "out of range for tinyint");
  EXPECT_EQ(c.UInt(127).Reason(), "");
  EXPECT_EQ(c.Get<int8_t>(), 127);
  EXPECT_EQ(c.UInt(128).Reason(), "out of range for tinyint");
}

TEST(RowConverterTest, SmallIntRange) {
  OneColumn c("smallint");
  EXPECT_EQ(c.Int(32767).Reason(), "");
  EXPECT_EQ(c.Get<int16_t>(), 32767);
  EXPECT_EQ(c.Int(-32768).Reason(), "");
  EXPECT_EQ(c.Get<int16_t>(), -32768);
  EXPECT_EQ(c.Int(32768).Reason(), "out of range for smallint");
  EXPECT_EQ(c.Int(-32769).Reason(), "out of range for smallint");
}

TEST(RowConverterTest, IntRange) {
  OneColumn c("int");
  EXPECT_EQ(c.Int(2147483647).Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), 2147483647);
  EXPECT_EQ(c.Int(-2147483648LL).Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), -2147483647 - 1);
  EXPECT_EQ(c.Int(2147483648LL).Reason(), "out of range for int");
  EXPECT_EQ(c.dirty()->value, "2147483648");
  EXPECT_EQ(c.Int(-2147483649LL).Reason(), "out of range for int");
}

TEST(RowConverterTest, BigIntRange) {
  OneColumn c("bigint");
  EXPECT_EQ(c.Int(INT64_MAX).Reason(), "");
  EXPECT_EQ(c.Get<int64_t>(), 9223372036854775807LL);
  EXPECT_EQ(c.Int(INT64_MIN).Reason(), "");
  EXPECT_EQ(c.Get<int64_t>(), -9223372036854775807LL - 1);
  EXPECT_EQ(c.Int(-1).Reason(), "");
  EXPECT_EQ(c.Get<int64_t>(), -1);
}

TEST(RowConverterTest, UIntBeyondInt64IntoBigIntIsDirty) {
  OneColumn c("bigint");
  EXPECT_EQ(c.UInt(9223372036854775807ULL).Reason(), "");
  EXPECT_EQ(c.Get<int64_t>(), 9223372036854775807LL);
  EXPECT_EQ(c.UInt(9223372036854775808ULL).Reason(), "out of range for bigint");
  EXPECT_EQ(c.dirty()->value, "9223372036854775808");
  EXPECT_EQ(c.UInt(UINT64_MAX).Reason(), "out of range for bigint");
  EXPECT_EQ(c.dirty()->value, "18446744073709551615");
}

TEST(RowConverterTest, UIntIntoWideDecimal) {
  OneColumn c("decimal(20,0)");
  EXPECT_EQ(c.UInt(UINT64_MAX).Reason(), "");
  EXPECT_EQ(c.Decimal(), static_cast<__int128>(18446744073709551615ULL));
}

TEST(RowConverterTest, TextIntoIntegers) {
  OneColumn c("tinyint");
  EXPECT_EQ(c.Text("42").Reason(), "");
  EXPECT_EQ(c.Get<int8_t>(), 42);
  EXPECT_EQ(c.Text("-128").Reason(), "");
  EXPECT_EQ(c.Get<int8_t>(), -128);
  EXPECT_EQ(c.Text("128").Reason(), "out of range for tinyint");
  EXPECT_EQ(c.dirty()->value, "128");
  EXPECT_EQ(c.Text("4.2").Reason(), "not an integer");
  EXPECT_EQ(c.dirty()->value, "4.2");
  EXPECT_EQ(c.Text(" 4").Reason(), "not an integer");
  EXPECT_EQ(c.Text("").Reason(), "not an integer");

  OneColumn b("bigint");
  EXPECT_EQ(b.Text("-9223372036854775808").Reason(), "");
  EXPECT_EQ(b.Get<int64_t>(), -9223372036854775807LL - 1);
  EXPECT_EQ(b.Text("9223372036854775808").Reason(), "not an integer");
}

TEST(RowConverterTest, DoubleIntoIntegers) {
  OneColumn c("int");
  EXPECT_EQ(c.Double(42.0).Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), 42);
  EXPECT_EQ(c.Double(-0.0).Reason(), "");
  EXPECT_EQ(c.Get<int32_t>(), 0);
  EXPECT_EQ(c.Double(42.5).Reason(), "not an integer");
  EXPECT_EQ(c.dirty()->value, "42.5");
  EXPECT_EQ(c.Double(std::nan("")).Reason(), "not an integer");
  EXPECT_EQ(c.Double(std::numeric_limits<double>::infinity()).Reason(), "not an integer");
  EXPECT_EQ(c.Double(2147483648.0).Reason(), "out of range for int");

  OneColumn t("tinyint");
  EXPECT_EQ(t.Double(128.0).Reason(), "out of range for tinyint");
  EXPECT_EQ(t.dirty()->value, "128");

  OneColumn b("bigint");
  // 9.21e18 = 921 * 2^16 * 5^16 is an exact double and an int64.
  EXPECT_EQ(b.Double(9.21e18).Reason(), "");
  EXPECT_EQ(b.Get<int64_t>(), 9210000000000000000LL);
  EXPECT_EQ(b.Double(-9223372036854775808.0).Reason(), "");  // -2^63
  EXPECT_EQ(b.Get<int64_t>(), -9223372036854775807LL - 1);
  EXPECT_EQ(b.Double(9223372036854775808.0).Reason(), "out of range for bigint");  // 2^63
  EXPECT_EQ(b.Double(1e30).Reason(), "out of range for bigint");
}

// ------------------------------------------------------------------ decimals

TEST(RowConverterTest, IntIntoDecimal) {
  OneColumn c("decimal(5,2)");
  EXPECT_EQ(c.Int(123).Reason(), "");
  EXPECT_EQ(c.Decimal(), 12300);
  EXPECT_EQ(c.Int(999).Reason(), "");
  EXPECT_EQ(c.Decimal(), 99900);
  EXPECT_EQ(c.Int(-999).Reason(), "");
  EXPECT_EQ(c.Decimal(), -99900);
  EXPECT_EQ(c.Int(0).Reason(), "");
  EXPECT_EQ(c.Decimal(), 0);
  EXPECT_EQ(c.Int(1000).Reason(), "out of range for decimal(5,2)");
  EXPECT_EQ(c.dirty()->value, "1000");
  EXPECT_EQ(c.Int(-1000).Reason(), "out of range for decimal(5,2)");
}

TEST(RowConverterTest, IntIntoDecimalOfEveryWidth) {
  OneColumn d4("decimal(4,1)");  // int16
  EXPECT_EQ(d4.Int(-999).Reason(), "");
  EXPECT_EQ(d4.Decimal(), -9990);
  OneColumn d9("decimal(9,3)");  // int32
  EXPECT_EQ(d9.Int(999999).Reason(), "");
  EXPECT_EQ(d9.Decimal(), 999999000);
  OneColumn d18("decimal(18,0)");  // int64
  EXPECT_EQ(d18.Int(999999999999999999LL).Reason(), "");
  EXPECT_EQ(d18.Decimal(), 999999999999999999LL);
  EXPECT_EQ(d18.Int(1000000000000000000LL).Reason(), "out of range for decimal(18,0)");
  OneColumn d38("decimal(38,0)");  // hugeint
  EXPECT_EQ(d38.Int(INT64_MIN).Reason(), "");
  EXPECT_EQ(d38.Decimal(), static_cast<__int128>(INT64_MIN));
  EXPECT_EQ(d38.Int(-1).Reason(), "");
  EXPECT_EQ(d38.Decimal(), -1);
  OneColumn d38_10("decimal(38,10)");
  EXPECT_EQ(d38_10.Int(INT64_MAX).Reason(), "");
  EXPECT_EQ(d38_10.Decimal(), static_cast<__int128>(INT64_MAX) * 10000000000LL);
  OneColumn d38_38("decimal(38,38)");
  EXPECT_EQ(d38_38.Int(0).Reason(), "");
  EXPECT_EQ(d38_38.Decimal(), 0);
  EXPECT_EQ(d38_38.Int(1).Reason(), "out of range for decimal(38,38)");
  EXPECT_EQ(d38_38.Int(-1).Reason(), "out of range for decimal(38,38)");
}

TEST(RowConverterTest, TextIntoDecimal) {
  OneColumn c("decimal(5,2)");
  EXPECT_EQ(c.Text("123.45").Reason(), "");
  EXPECT_EQ(c.Decimal(), 12345);
  EXPECT_EQ(c.Text("-0.01").Reason(), "");
  EXPECT_EQ(c.Decimal(), -1);
  EXPECT_EQ(c.Text("1.2300").Reason(), "");
  EXPECT_EQ(c.Decimal(), 123);
  EXPECT_EQ(c.Text("1.239").Reason(), "has more than 2 digits after the point for decimal(5,2)");
  EXPECT_EQ(c.dirty()->value, "1.239");
  EXPECT_EQ(c.Text("1000").Reason(), "needs more than 3 digits before the point for decimal(5,2)");
  EXPECT_EQ(c.Text("1e3").Reason(), "not a decimal number for decimal(5,2)");

  OneColumn wide("decimal(38,0)");
  EXPECT_EQ(wide.Text(std::string(38, '9')).Reason(), "");
  EXPECT_EQ(wide.Decimal(), kTen19 * kTen19 - 1);
  EXPECT_EQ(wide.Text("-" + std::string(38, '9')).Reason(), "");
  EXPECT_EQ(wide.Decimal(), -(kTen19 * kTen19 - 1));
  EXPECT_EQ(wide.Text("1" + std::string(38, '0')).Reason(),
            "needs more than 38 digits before the point for decimal(38,0)");

  OneColumn frac("decimal(38,38)");
  EXPECT_EQ(frac.Text("0." + std::string(38, '9')).Reason(), "");
  EXPECT_EQ(frac.Decimal(), kTen19 * kTen19 - 1);
  EXPECT_EQ(frac.Text("-0.5").Reason(), "");
  EXPECT_EQ(frac.Decimal(), -5 * (kTen19 * kTen19 / 10));
}

TEST(RowConverterTest, DoubleIntoDecimalUsesTheShortestDecimalText) {
  OneColumn c("decimal(5,2)");
  EXPECT_EQ(c.Double(0.1).Reason(), "");
  EXPECT_EQ(c.Decimal(), 10);
  EXPECT_EQ(c.Double(-2.5).Reason(), "");
  EXPECT_EQ(c.Decimal(), -250);
  EXPECT_EQ(c.Double(0.29).Reason(), "");  // the double is 0.28999999999999998...
  EXPECT_EQ(c.Decimal(), 29);
  EXPECT_EQ(c.Double(999.99).Reason(), "");
  EXPECT_EQ(c.Decimal(), 99999);
  EXPECT_EQ(c.Double(0.125).Reason(), "has more than 2 digits after the point for decimal(5,2)");
  EXPECT_EQ(c.dirty()->value, "0.125");
  EXPECT_EQ(c.Double(1000.0).Reason(),
            "needs more than 3 digits before the point for decimal(5,2)");
  EXPECT_EQ(c.Double(std::nan("")).Reason(), "not a decimal number for decimal(5,2)");
  EXPECT_EQ(c.Double(-std::numeric_limits<double>::infinity()).Reason(),
            "not a decimal number for decimal(5,2)");
  EXPECT_EQ(c.dirty()->value, "-inf");
}

TEST(RowConverterTest, DoubleIntoDecimalWithFewSignificantDigits) {
  // Round values whose shortest form is in exponent notation ("1e+05",
  // "1e-05") are still plain decimals.
  OneColumn c("decimal(10,2)");
  EXPECT_EQ(c.Double(100000.0).Reason(), "");
  EXPECT_EQ(c.Decimal(), 10000000);
  EXPECT_EQ(c.Double(-2000000.0).Reason(), "");
  EXPECT_EQ(c.Decimal(), -200000000);
  EXPECT_EQ(c.Double(1e-5).Reason(), "has more than 2 digits after the point for decimal(10,2)");

  OneColumn small("decimal(10,5)");
  EXPECT_EQ(small.Double(1e-5).Reason(), "");
  EXPECT_EQ(small.Decimal(), 1);
  EXPECT_EQ(small.Double(1e-6).Reason(),
            "has more than 5 digits after the point for decimal(10,5)");

  OneColumn wide("decimal(38,0)");
  EXPECT_EQ(wide.Double(1e21).Reason(), "");  // 10^21 = 2^21 * 5^21, an exact double
  EXPECT_EQ(wide.Decimal(), kTen19 * 100);
  EXPECT_EQ(wide.Double(1e300).Reason(),
            "needs more than 38 digits before the point for decimal(38,0)");
  EXPECT_EQ(wide.dirty()->value, "1e+300");  // the dirty log shows the shortest form
  EXPECT_EQ(wide.Double(5e-324).Reason(),
            "has more than 0 digits after the point for decimal(38,0)");
  EXPECT_EQ(wide.dirty()->value, "5e-324");
}

// ------------------------------------------------------------ floating point

TEST(RowConverterTest, FloatMustBeExact) {
  OneColumn c("float");
  EXPECT_EQ(c.Double(0.5).Reason(), "");
  EXPECT_EQ(c.Get<float>(), 0.5f);
  EXPECT_EQ(c.Double(static_cast<double>(0.1f)).Reason(), "");
  EXPECT_EQ(c.Get<float>(), 0.1f);
  EXPECT_EQ(c.Double(0.1).Reason(), "cannot be represented exactly as float");
  EXPECT_EQ(c.dirty()->value, "0.1");
  EXPECT_EQ(c.Double(1e300).Reason(), "cannot be represented exactly as float");
  EXPECT_EQ(c.Int(16777216).Reason(), "");  // 2^24
  EXPECT_EQ(c.Get<float>(), 16777216.0f);
  EXPECT_EQ(c.Int(16777217).Reason(), "cannot be represented exactly as float");
  EXPECT_EQ(c.dirty()->value, "16777217");
  EXPECT_EQ(c.Text("0.25").Reason(), "");
  EXPECT_EQ(c.Get<float>(), 0.25f);
  EXPECT_EQ(c.Text("abc").Reason(), "not a number");
  EXPECT_EQ(c.Double(std::numeric_limits<double>::infinity()).Reason(), "");
  EXPECT_EQ(c.Get<float>(), std::numeric_limits<float>::infinity());
  EXPECT_EQ(c.Double(std::nan("")).Reason(), "");
  EXPECT_TRUE(std::isnan(c.Get<float>()));
}

TEST(RowConverterTest, DoubleMustBeExact) {
  OneColumn c("double");
  EXPECT_EQ(c.Double(0.1).Reason(), "");
  EXPECT_EQ(c.Get<double>(), 0.1);
  EXPECT_EQ(c.Int(9007199254740992LL).Reason(), "");  // 2^53
  EXPECT_EQ(c.Get<double>(), 9007199254740992.0);
  EXPECT_EQ(c.Int(-9007199254740992LL).Reason(), "");
  EXPECT_EQ(c.Get<double>(), -9007199254740992.0);
  EXPECT_EQ(c.Int(9007199254740993LL).Reason(), "cannot be represented exactly as double");
  EXPECT_EQ(c.UInt(UINT64_MAX).Reason(), "cannot be represented exactly as double");
  EXPECT_EQ(c.UInt(9223372036854775808ULL).Reason(), "");  // 2^63
  EXPECT_EQ(c.Get<double>(), 9223372036854775808.0);
  EXPECT_EQ(c.Text("-2.5e3").Reason(), "");
  EXPECT_EQ(c.Get<double>(), -2500.0);
  EXPECT_EQ(c.Text("1,5").Reason(), "not a number");
}

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
