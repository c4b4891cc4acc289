#include "core/value_parsers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace strata {
namespace {

// 10^19 fits in uint64; 10^38 = 10^19 * 10^19 fits in __int128.
constexpr __int128 kTen19 = static_cast<__int128>(10000000000000000000ULL);
constexpr __int128 kTen38 = kTen19 * kTen19;
constexpr __int128 kTen37 = kTen38 / 10;

std::string Repeat(char c, size_t n) {
  return std::string(n, c);
}

// ---------------------------------------------------------------- ParseInt64

TEST(ValueParsersInt64Test, PlainValues) {
  EXPECT_EQ(ParseInt64("0"), 0);
  EXPECT_EQ(ParseInt64("-0"), 0);
  EXPECT_EQ(ParseInt64("+0"), 0);
  EXPECT_EQ(ParseInt64("42"), 42);
  EXPECT_EQ(ParseInt64("-12"), -12);
  EXPECT_EQ(ParseInt64("+7"), 7);
  EXPECT_EQ(ParseInt64("007"), 7);
  EXPECT_EQ(ParseInt64("-007"), -7);
}

TEST(ValueParsersInt64Test, Limits) {
  EXPECT_EQ(ParseInt64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseInt64("+9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseInt64("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ParseInt64("-9223372036854775807"), -9223372036854775807LL);
  EXPECT_EQ(ParseInt64("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseInt64("-9223372036854775809"), std::nullopt);
  EXPECT_EQ(ParseInt64("18446744073709551615"), std::nullopt);
  EXPECT_EQ(ParseInt64("99999999999999999999999999"), std::nullopt);
}

TEST(ValueParsersInt64Test, RejectsJunkAndEmpty) {
  for (std::string_view s :
       {"",    "+",   "-",     " 1",  "1 ",  " ",   "1.0", "1.", ".1",  "1e3", "0x1F",
        "12a", "a12", "1,000", "++5", "--5", "+-5", "-+5", "1-", "\t1", "one", "1_000"}) {
    EXPECT_EQ(ParseInt64(s), std::nullopt) << "'" << s << "'";
  }
  EXPECT_EQ(ParseInt64(std::string_view("1\0", 2)), std::nullopt);
  EXPECT_EQ(ParseInt64(std::string_view("\0"
                                        "1",
                                        2)),
            std::nullopt);
}

TEST(ValueParsersInt64Test, UsesOnlyTheGivenView) {
  // The view ends before the trailing "9": no reading past its end.
  std::string_view text("1239", 3);
  EXPECT_EQ(ParseInt64(text), 123);
}

// --------------------------------------------------------------- ParseDouble

TEST(ValueParsersDoubleTest, Values) {
  EXPECT_EQ(ParseDouble("0"), 0.0);
  EXPECT_EQ(ParseDouble("0.1"), 0.1);
  EXPECT_EQ(ParseDouble("-2.5"), -2.5);
  EXPECT_EQ(ParseDouble("+1.5"), 1.5);
  EXPECT_EQ(ParseDouble(".5"), 0.5);
  EXPECT_EQ(ParseDouble("5."), 5.0);
  EXPECT_EQ(ParseDouble("1e3"), 1000.0);
  EXPECT_EQ(ParseDouble("1E3"), 1000.0);
  EXPECT_EQ(ParseDouble("1e-5"), 0.00001);
  EXPECT_EQ(ParseDouble("12345678901234567890"), 12345678901234567890.0);
  EXPECT_EQ(ParseDouble("1.7976931348623157e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(ParseDouble("2.2250738585072014e-308"), std::numeric_limits<double>::min());
  // Subnormals are exact doubles, not an underflow.
  EXPECT_EQ(ParseDouble("4.9406564584124654e-324"), std::numeric_limits<double>::denorm_min());
  auto neg_zero = ParseDouble("-0");
  ASSERT_TRUE(neg_zero.has_value());
  EXPECT_EQ(*neg_zero, 0.0);
  EXPECT_TRUE(std::signbit(*neg_zero));
}

TEST(ValueParsersDoubleTest, NanAndInfinitySpellings) {
  for (std::string_view s : {"nan", "NaN", "NAN", "-nan"}) {
    auto v = ParseDouble(s);
    ASSERT_TRUE(v.has_value()) << s;
    EXPECT_TRUE(std::isnan(*v)) << s;
  }
  for (std::string_view s : {"inf", "INF", "Infinity", "+inf"})
    EXPECT_EQ(ParseDouble(s), std::numeric_limits<double>::infinity()) << s;
  for (std::string_view s : {"-inf", "-Infinity"})
    EXPECT_EQ(ParseDouble(s), -std::numeric_limits<double>::infinity()) << s;
}

TEST(ValueParsersDoubleTest, RejectsJunk) {
  for (std::string_view s :
       {"", " ", " 1", "\t1", "1 ", "1,5", "abc", "1.0x", "1e", "--1", "1..2", "infinit", ".", "-"})
    EXPECT_EQ(ParseDouble(s), std::nullopt) << "'" << s << "'";
  EXPECT_EQ(ParseDouble(std::string_view("1\0"
                                         "2",
                                         3)),
            std::nullopt);
}

TEST(ValueParsersDoubleTest, RejectsValuesOutsideTheDoubleRange) {
  // These would silently become inf or 0: a shifted value, not a rounded one.
  EXPECT_EQ(ParseDouble("1e400"), std::nullopt);
  EXPECT_EQ(ParseDouble("-1e400"), std::nullopt);
  EXPECT_EQ(ParseDouble("1.8e308"), std::nullopt);
  EXPECT_EQ(ParseDouble("1e-400"), std::nullopt);
  // A written zero stays a zero however it is spelled.
  EXPECT_EQ(ParseDouble("0e-400"), 0.0);
  EXPECT_EQ(ParseDouble("0.000"), 0.0);
}

// ----------------------------------------------------------------- ParseBool

TEST(ValueParsersBoolTest, TrueSpellings) {
  for (std::string_view s : {"true", "TRUE", "True", "tRuE", "t", "T", "yes", "YES", "Yes", "1"})
    EXPECT_EQ(ParseBool(s), true) << s;
}

TEST(ValueParsersBoolTest, FalseSpellings) {
  for (std::string_view s : {"false", "FALSE", "False", "f", "F", "no", "NO", "No", "0"})
    EXPECT_EQ(ParseBool(s), false) << s;
}

TEST(ValueParsersBoolTest, RejectsOtherText) {
  for (std::string_view s : {"", " ", "2", "-1", "10", "00", "01", "tru", "truee", " true", "true ",
                             "yess", "on", "off", "nope", "null", "1.0"})
    EXPECT_EQ(ParseBool(s), std::nullopt) << "'" << s << "'";
}

// -------------------------------------------------------------- ParseDecimal

// Parses `text` into decimal(p, s), expecting success.
__int128 Dec(std::string_view text, int p, int s) {
  std::string why;
  auto v = ParseDecimal(text, p, s, &why);
  EXPECT_TRUE(v.has_value()) << text << " into decimal(" << p << "," << s << "): " << why;
  return v.value_or(-424242);
}

// Parses `text` into decimal(p, s), expecting a failure; returns the reason.
std::string DecError(std::string_view text, int p, int s) {
  std::string why;
  auto v = ParseDecimal(text, p, s, &why);
  EXPECT_FALSE(v.has_value()) << text << " into decimal(" << p << "," << s << ") was accepted";
  EXPECT_FALSE(why.empty()) << text;
  return why;
}

TEST(ValueParsersDecimalTest, ScalesToTheUnscaledInteger) {
  EXPECT_EQ(Dec("123.45", 5, 2), 12345);
  EXPECT_EQ(Dec("-123.45", 5, 2), -12345);
  EXPECT_EQ(Dec("+1.5", 5, 2), 150);
  EXPECT_EQ(Dec("12", 5, 2), 1200);
  EXPECT_EQ(Dec("1.2", 5, 2), 120);
  EXPECT_EQ(Dec("0.01", 5, 2), 1);
  EXPECT_EQ(Dec("-0.01", 5, 2), -1);
  EXPECT_EQ(Dec("999.99", 5, 2), 99999);
  EXPECT_EQ(Dec("-999.99", 5, 2), -99999);
  EXPECT_EQ(Dec("7", 1, 0), 7);
  EXPECT_EQ(Dec("12345678901234.5678", 18, 4), 123456789012345678LL);
}

TEST(ValueParsersDecimalTest, Zeros) {
  EXPECT_EQ(Dec("0", 5, 2), 0);
  EXPECT_EQ(Dec("-0", 5, 2), 0);
  EXPECT_EQ(Dec("0.00", 5, 2), 0);
  EXPECT_EQ(Dec("-0.000", 5, 2), 0);
  EXPECT_EQ(Dec("0000", 1, 0), 0);
  EXPECT_EQ(Dec("0", 1, 1), 0);
}

TEST(ValueParsersDecimalTest, LeadingZerosDoNotCountAsDigits) {
  EXPECT_EQ(Dec("000123.45", 5, 2), 12345);
  EXPECT_EQ(Dec("-00999.99", 5, 2), -99999);
  EXPECT_EQ(Dec("00.5", 1, 1), 5);
  EXPECT_EQ(Dec(Repeat('0', 50) + "1", 1, 0), 1);
}

TEST(ValueParsersDecimalTest, TrailingZerosPastTheScaleAreAccepted) {
  EXPECT_EQ(Dec("1.2300", 5, 2), 123);
  EXPECT_EQ(Dec("1.000000000", 5, 2), 100);
  EXPECT_EQ(Dec("5.0", 1, 0), 5);
  EXPECT_EQ(Dec("-2." + Repeat('0', 60), 3, 0), -2);
}

TEST(ValueParsersDecimalTest, NonZeroDigitPastTheScaleIsRejected) {
  EXPECT_EQ(DecError("1.231", 5, 2), "has more than 2 digits after the point");
  EXPECT_EQ(DecError("1.2301", 5, 2), "has more than 2 digits after the point");
  EXPECT_EQ(DecError("0.001", 5, 2), "has more than 2 digits after the point");
  EXPECT_EQ(DecError("-0.005", 5, 2), "has more than 2 digits after the point");
  EXPECT_EQ(DecError("1.5", 5, 0), "has more than 0 digits after the point");
  EXPECT_EQ(DecError("1.20" + Repeat('0', 40) + "1", 5, 2),
            "has more than 2 digits after the point");
}

TEST(ValueParsersDecimalTest, TooManyIntegerDigitsIsRejected) {
  EXPECT_EQ(DecError("1000", 5, 2), "needs more than 3 digits before the point");
  EXPECT_EQ(DecError("-1000.00", 5, 2), "needs more than 3 digits before the point");
  EXPECT_EQ(DecError("10", 1, 0), "needs more than 1 digits before the point");
  EXPECT_EQ(DecError("1", 2, 2), "needs more than 0 digits before the point");
}

TEST(ValueParsersDecimalTest, Decimal38_0) {
  const std::string nines38 = Repeat('9', 38);
  EXPECT_EQ(Dec(nines38, 38, 0), kTen38 - 1);
  EXPECT_EQ(Dec("-" + nines38, 38, 0), -(kTen38 - 1));
  EXPECT_EQ(Dec(nines38 + ".000", 38, 0), kTen38 - 1);
  EXPECT_EQ(Dec("1" + Repeat('0', 37), 38, 0), kTen37);
  EXPECT_EQ(Dec("18446744073709551616", 38, 0),
            static_cast<__int128>(UINT64_MAX) + 1);  // 2^64
  EXPECT_EQ(DecError("1" + Repeat('0', 38), 38, 0), "needs more than 38 digits before the point");
  EXPECT_EQ(DecError(Repeat('9', 39), 38, 0), "needs more than 38 digits before the point");
  EXPECT_EQ(DecError(nines38 + ".5", 38, 0), "has more than 0 digits after the point");
}

TEST(ValueParsersDecimalTest, Decimal38_38) {
  EXPECT_EQ(Dec("0." + Repeat('9', 38), 38, 38), kTen38 - 1);
  EXPECT_EQ(Dec("-0." + Repeat('9', 38), 38, 38), -(kTen38 - 1));
  EXPECT_EQ(Dec("0.1", 38, 38), kTen37);
  EXPECT_EQ(Dec("-0.5", 38, 38), -5 * kTen37);
  EXPECT_EQ(Dec("0." + Repeat('0', 37) + "1", 38, 38), 1);
  EXPECT_EQ(Dec("0", 38, 38), 0);
  EXPECT_EQ(Dec("0." + Repeat('0', 37) + "10", 38, 38), 1);
  EXPECT_EQ(DecError("0." + Repeat('0', 38) + "1", 38, 38),
            "has more than 38 digits after the point");
  EXPECT_EQ(DecError("1", 38, 38), "needs more than 0 digits before the point");
  EXPECT_EQ(DecError("1.0", 38, 38), "needs more than 0 digits before the point");
}

TEST(ValueParsersDecimalTest, BareFractionAndBareIntegerPoint) {
  // SQL numeric literals allow either side of the point to be empty.
  EXPECT_EQ(Dec(".5", 5, 2), 50);
  EXPECT_EQ(Dec("-.5", 5, 2), -50);
  EXPECT_EQ(Dec("+.25", 5, 2), 25);
  EXPECT_EQ(Dec("5.", 5, 2), 500);
  EXPECT_EQ(Dec("-5.", 5, 2), -500);
}

TEST(ValueParsersDecimalTest, RejectsWhatIsNoDecimalNumber) {
  for (std::string_view s :
       {"",    "-",   "+",   ".",   "-.",   "+.",  "1e3", "1E3", "1e-2",  " 1",    "1 ", "1.2.3",
        "--1", "+-1", "-+1", "abc", "0x10", "1,5", "nan", "inf", "1.5e0", "1_000", "1-"}) {
    EXPECT_EQ(DecError(s, 10, 2), "not a decimal number") << "'" << s << "'";
  }
}

// ------------------------------------------------------------ ShortestDouble

TEST(ValueParsersShortestDoubleTest, Renders) {
  EXPECT_EQ(ShortestDouble(0.1), "0.1");
  EXPECT_EQ(ShortestDouble(1e300), "1e+300");
  EXPECT_EQ(ShortestDouble(0.0), "0");
  EXPECT_EQ(ShortestDouble(-0.0), "-0");
  EXPECT_EQ(ShortestDouble(1.5), "1.5");
  EXPECT_EQ(ShortestDouble(-2.5), "-2.5");
  EXPECT_EQ(ShortestDouble(123.456), "123.456");
  EXPECT_EQ(ShortestDouble(42.0), "42");
  EXPECT_EQ(ShortestDouble(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(ShortestDouble(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(ShortestDouble(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(ShortestDouble(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(ValueParsersShortestDoubleTest, RoundTripsThroughParseDouble) {
  std::vector<double> values = {0.0,
                                -0.0,
                                0.1,
                                -0.1,
                                1.0 / 3.0,
                                2.0 / 3.0,
                                3.141592653589793,
                                1e300,
                                -1e-300,
                                1e21,
                                1e22,
                                1e23,
                                123456789.123456789,
                                9007199254740993.0,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::lowest(),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::epsilon(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity()};
  // Plus a spread of bit patterns across the whole range of finite doubles.
  uint64_t bits = 0x0123456789abcdefULL;
  for (int i = 0; i < 2000; ++i) {
    bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;  // LCG
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) values.push_back(d);
  }
  for (double v : values) {
    std::string text = ShortestDouble(v);
    auto back = ParseDouble(text);
    ASSERT_TRUE(back.has_value()) << text;
    uint64_t want, got;
    std::memcpy(&want, &v, sizeof v);
    std::memcpy(&got, &*back, sizeof got);
    EXPECT_EQ(got, want) << text;
  }
  auto nan = ParseDouble(ShortestDouble(std::nan("")));
  ASSERT_TRUE(nan.has_value());
  EXPECT_TRUE(std::isnan(*nan));
}

}  // namespace
}  // namespace strata
