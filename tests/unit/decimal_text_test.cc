// Decimal text as DuckDB casts a DECIMAL to VARCHAR (verify's canonical
// text), and the decimals the sync makes of integers and doubles.

#include "core/decimal_text.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/value_parsers.h"

namespace strata {
namespace {

TEST(DecimalText, PadsTheFractionAndKeepsTheSign) {
  EXPECT_EQ(DecimalText(12345, 2), "123.45");
  EXPECT_EQ(DecimalText(5, 2), "0.05");
  EXPECT_EQ(DecimalText(-5, 2), "-0.05");
  EXPECT_EQ(DecimalText(0, 2), "0.00");
  EXPECT_EQ(DecimalText(-120, 0), "-120");
  EXPECT_EQ(DecimalText(1, 38), "0." + std::string(37, '0') + "1");
}

TEST(DecimalText, Int128AtItsEdges) {
  EXPECT_EQ(Int128Text(0), "0");
  EXPECT_EQ(Int128Text(std::numeric_limits<__int128>::max()),
            "170141183460469231731687303715884105727");
  EXPECT_EQ(Int128Text(std::numeric_limits<__int128>::min()),
            "-170141183460469231731687303715884105728");
}

TEST(DecimalText, IntegersAndDoublesBecomeDecimalsExactlyOrNotAtAll) {
  EXPECT_EQ(DecimalFromInteger(12, 4, 2), std::optional<__int128>(1200));
  EXPECT_EQ(DecimalFromInteger(-99, 4, 2), std::optional<__int128>(-9900));
  EXPECT_EQ(DecimalFromInteger(100, 4, 2), std::nullopt);
  std::string why;
  EXPECT_EQ(DecimalFromDouble(0.1, 4, 2, &why), std::optional<__int128>(10));
  EXPECT_EQ(DecimalFromDouble(100000.0, 8, 2, &why), std::optional<__int128>(10000000));
  EXPECT_EQ(DecimalFromDouble(0.1 + 0.2, 4, 2, &why), std::nullopt);  // 0.30000000000000004
  EXPECT_NE(why.find("digits after the point"), std::string::npos) << why;
}

}  // namespace
}  // namespace strata
