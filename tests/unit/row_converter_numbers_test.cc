// RowConverter on numbers: integer ranges, decimals, exact floating point.
#include <gtest/gtest.h>

#include "row_converter_fixture.h"
#include "sync/row_converter.h"

namespace strata {
namespace {

using namespace strata::test;

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

}  // namespace
}  // namespace strata
