// Text values as logical replication sends them become the binary wire form
// a binary COPY carries: checked by rendering the result back with the
// binary decoder's own text (PgValueText), which is PostgreSQL's output, and
// against hand-built binary values for numeric's stripped digits.

#include "source/postgres/pg_text_wire.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace strata {
namespace {

std::string RoundTrip(PgWire wire, const std::string& text) {
  return PgValueText(wire, PgTextToWire(wire, text));
}

TEST(PgTextWire, ValuesRenderBackAsPostgresPrintsThem) {
  struct Case {
    PgWire wire;
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {PgWire::kBool, "t", "true"},
      {PgWire::kBool, "f", "false"},
      {PgWire::kInt2, "-32768", "-32768"},
      {PgWire::kInt4, "2147483647", "2147483647"},
      {PgWire::kInt8, "-9223372036854775808", "-9223372036854775808"},
      {PgWire::kFloat8, "1e+300", "1e+300"},
      {PgWire::kFloat8, "-Infinity", "-inf"},
      {PgWire::kFloat4, "3.4028235e+38", "3.4028235e+38"},
      {PgWire::kNumeric, "0.000000000000000000000000000001", "0.000000000000000000000000000001"},
      {PgWire::kNumeric, "-99999999.9999", "-99999999.9999"},
      {PgWire::kNumeric, "123.4500", "123.4500"},
      {PgWire::kNumeric, "0.0000", "0.0000"},
      {PgWire::kNumeric, "0", "0"},
      {PgWire::kNumeric, "100000000", "100000000"},
      {PgWire::kNumeric, "NaN", "NaN"},
      {PgWire::kNumeric, "-Infinity", "-Infinity"},
      {PgWire::kNumeric, "1234567890123456789012345678901234567890.1234567890",
       "1234567890123456789012345678901234567890.1234567890"},
      {PgWire::kText, "emoji 😀", "emoji 😀"},
      {PgWire::kJsonb, "{\"a\": null, \"b\": 1}", "{\"a\": null, \"b\": 1}"},
      {PgWire::kBytea, "\\x00ff00", "\\x00ff00"},
      {PgWire::kBytea, "\\x", "\\x"},
      {PgWire::kDate, "0001-01-01", "0001-01-01"},
      {PgWire::kDate, "2000-02-29", "2000-02-29"},
      {PgWire::kDate, "0044-03-15 BC", "0044-03-15 BC"},
      {PgWire::kDate, "infinity", "infinity"},
      {PgWire::kDate, "-infinity", "-infinity"},
      {PgWire::kDate, "5874897-12-31", "5874897-12-31"},
      {PgWire::kTimestamp, "1900-01-01 00:00:00.000001", "1900-01-01 00:00:00.000001"},
      {PgWire::kTimestamp, "9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999"},
      {PgWire::kTimestamp, "1969-12-31 23:59:59.5", "1969-12-31 23:59:59.5"},
      {PgWire::kTimestamp, "infinity", "infinity"},
      {PgWire::kTimestampTz, "2016-11-14 02:00:00.123456+00", "2016-11-14 02:00:00.123456"},
      {PgWire::kTimestampTz, "2016-11-14 10:00:00+08", "2016-11-14 02:00:00"},
      {PgWire::kTimestampTz, "1900-01-01 00:00:00+05:30", "1899-12-31 18:30:00"},
      {PgWire::kTimestampTz, "0044-03-15 10:00:00+00 BC", "0044-03-15 10:00:00 BC"},
      {PgWire::kTimestampTz, "-infinity", "-infinity"},
      {PgWire::kTime, "24:00:00", "24:00:00"},
      {PgWire::kTime, "12:34:56.789", "12:34:56.789"},
      {PgWire::kUuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
       "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
  };
  for (const Case& c : cases) EXPECT_EQ(RoundTrip(c.wire, c.text), c.expected) << c.text;
}

TEST(PgTextWire, NumericDigitsAreStrippedAsTheServerStoresThem) {
  // 100000000: one base-10000 digit 1 at weight 2; dscale 0.
  std::string expected("\0\1\0\2\0\0\0\0\0\1", 10);
  EXPECT_EQ(PgTextToWire(PgWire::kNumeric, "100000000"), expected);
  // -0.0500: digit 500 at weight -1, negative, dscale 4.
  std::string small("\0\1\xff\xff\x40\0\0\4\x01\xf4", 10);
  EXPECT_EQ(PgTextToWire(PgWire::kNumeric, "-0.0500"), small);
  // Zero has no digits, weight 0 and is positive whatever its scale.
  std::string zero("\0\0\0\0\0\0\0\2", 8);
  EXPECT_EQ(PgTextToWire(PgWire::kNumeric, "0.00"), zero);
}

TEST(PgTextWire, TextThatIsNotPostgresOutputIsAClearError) {
  const std::pair<PgWire, const char*> bad[] = {
      {PgWire::kBool, "yes"},
      {PgWire::kInt2, "40000"},
      {PgWire::kInt4, "12a"},
      {PgWire::kInt8, ""},
      {PgWire::kFloat8, "1.5x"},
      {PgWire::kNumeric, "1.2.3"},
      {PgWire::kNumeric, "-"},
      {PgWire::kBytea, "00ff"},
      {PgWire::kBytea, "\\x0"},
      {PgWire::kDate, "2016-13-01"},
      {PgWire::kDate, "16-01-01"},
      {PgWire::kTimestamp, "2016-01-01"},
      {PgWire::kTimestampTz, "2016-01-01 00:00:00"},
      {PgWire::kTime, "25:00:00.1"},
      {PgWire::kUuid, "a0eebc99"},
      {PgWire::kTimestampTz, "752015-11-14 10:50:00.516-11"},
      {PgWire::kDate, "9999999-01-01"},
  };
  for (auto [wire, text] : bad) {
    try {
      PgTextToWire(wire, text);
      ADD_FAILURE() << "no error for '" << text << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace strata
