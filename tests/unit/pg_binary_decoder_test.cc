// PostgreSQL binary wire values decode exactly: numeric to its exact text,
// dates and timestamps around 2000, 1970, year 1 and BC, infinities.

#include "source/postgres/pg_binary_decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"

namespace strata {
namespace {

void Put16(std::string& s, int v) {
  s += static_cast<char>((v >> 8) & 0xff);
  s += static_cast<char>(v & 0xff);
}

void Put32(std::string& s, int64_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 0xff);
}

void Put64(std::string& s, int64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    s += static_cast<char>((static_cast<uint64_t>(v) >> shift) & 0xff);
}

std::string Numeric(int weight, int sign, int dscale, const std::vector<int>& digits) {
  std::string s;
  Put16(s, static_cast<int>(digits.size()));
  Put16(s, weight);
  Put16(s, sign);
  Put16(s, dscale);
  for (int d : digits) Put16(s, d);
  return s;
}

constexpr int kPos = 0x0000, kNeg = 0x4000, kNaN = 0xC000, kPInf = 0xD000, kNInf = 0xF000;

TEST(PgBinaryDecoder, NumericZeroAndScale) {
  EXPECT_EQ(PgNumericText(Numeric(0, kPos, 0, {})), "0");
  EXPECT_EQ(PgNumericText(Numeric(0, kPos, 2, {})), "0.00");
  EXPECT_EQ(PgNumericText(Numeric(-1, kPos, 4, {5})), "0.0005");
}

TEST(PgBinaryDecoder, NumericNegativeAndTrailingZerosOfTheScale) {
  EXPECT_EQ(PgNumericText(Numeric(0, kNeg, 2, {12, 3400})), "-12.34");
  EXPECT_EQ(PgNumericText(Numeric(0, kPos, 4, {123, 4500})), "123.4500");
  EXPECT_EQ(PgNumericText(Numeric(0, kPos, 6, {123, 4500})), "123.450000");
  EXPECT_EQ(PgNumericText(Numeric(-1, kNeg, 1, {5000})), "-0.5");
}

TEST(PgBinaryDecoder, NumericHugeAndTinyWeights) {
  EXPECT_EQ(PgNumericText(Numeric(1, kPos, 0, {1})), "10000");
  EXPECT_EQ(PgNumericText(Numeric(10, kPos, 0, {1})), "1" + std::string(40, '0'));
  EXPECT_EQ(PgNumericText(Numeric(1, kPos, 2, {1, 2, 3000})), "10002.30");
  // 1e-30 = 100 * 10000^-8
  EXPECT_EQ(PgNumericText(Numeric(-8, kPos, 30, {100})), "0." + std::string(29, '0') + "1");
  EXPECT_EQ(PgNumericText(Numeric(2, kNeg, 0, {9999, 9999, 9999})), "-999999999999");
}

TEST(PgBinaryDecoder, NumericSpecialValues) {
  EXPECT_EQ(PgNumericText(Numeric(0, kNaN, 0, {})), "NaN");
  EXPECT_EQ(PgNumericText(Numeric(0, kPInf, 0, {})), "Infinity");
  EXPECT_EQ(PgNumericText(Numeric(0, kNInf, 0, {})), "-Infinity");
}

TEST(PgBinaryDecoder, MalformedNumericThrows) {
  EXPECT_THROW(PgNumericText("abc"), Error);
  std::string short_digits = Numeric(0, kPos, 0, {1, 2});
  short_digits.pop_back();
  EXPECT_THROW(PgNumericText(short_digits), Error);
  EXPECT_THROW(PgNumericText(Numeric(0, kPos, 0, {10000})), Error);
  EXPECT_THROW(PgNumericText(Numeric(0, 0x1234, 0, {1})), Error);
}

TEST(PgBinaryDecoder, DatesAroundTheEpochs) {
  EXPECT_EQ(PgDateText(0), "2000-01-01");
  EXPECT_EQ(PgDateText(-1), "1999-12-31");
  EXPECT_EQ(PgDateText(59), "2000-02-29");
  EXPECT_EQ(PgDateText(-10957), "1970-01-01");
  EXPECT_EQ(PgDateText(-10958), "1969-12-31");
  EXPECT_EQ(PgDateText(-730119), "0001-01-01");
  EXPECT_EQ(PgDateText(2921939), "9999-12-31");
  EXPECT_EQ(PgDateText(2921940), "10000-01-01");
}

TEST(PgBinaryDecoder, DatesBeforeYearOneAreBc) {
  EXPECT_EQ(PgDateText(-730120), "0001-12-31 BC");
  EXPECT_EQ(PgDateText(-746117), "0044-03-15 BC");
}

TEST(PgBinaryDecoder, InfiniteDatesAndTimestamps) {
  EXPECT_EQ(PgDateText(std::numeric_limits<int32_t>::max()), "infinity");
  EXPECT_EQ(PgDateText(std::numeric_limits<int32_t>::min()), "-infinity");
  EXPECT_EQ(PgTimestampText(std::numeric_limits<int64_t>::max()), "infinity");
  EXPECT_EQ(PgTimestampText(std::numeric_limits<int64_t>::min()), "-infinity");
}

TEST(PgBinaryDecoder, TimestampsKeepMicroseconds) {
  constexpr int64_t kDay = 86400000000LL;
  constexpr int64_t k1970 = -10957 * kDay;
  EXPECT_EQ(PgTimestampText(0), "2000-01-01 00:00:00");
  EXPECT_EQ(PgTimestampText(-1), "1999-12-31 23:59:59.999999");
  EXPECT_EQ(PgTimestampText(k1970 + 500000), "1970-01-01 00:00:00.5");
  EXPECT_EQ(PgTimestampText(k1970 - 1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(PgTimestampText(k1970 - 14159020 * 1000000LL + 500000), "1969-07-21 02:56:20.5");
  EXPECT_EQ(PgTimestampText(-730119 * kDay + 1), "0001-01-01 00:00:00.000001");
  EXPECT_EQ(PgTimestampText(-746117 * kDay + 43200000000LL), "0044-03-15 12:00:00 BC");
  EXPECT_EQ(PgTimestampText(3 * kDay + 45296120000LL), "2000-01-04 12:34:56.12");
}

TEST(PgBinaryDecoder, TimeOfDay) {
  EXPECT_EQ(PgTimeText(0), "00:00:00");
  EXPECT_EQ(PgTimeText(45296789000LL), "12:34:56.789");
  EXPECT_EQ(PgTimeText(86399999999LL), "23:59:59.999999");
  EXPECT_EQ(PgTimeText(86400000000LL), "24:00:00");
}

TEST(PgBinaryDecoder, UuidAndBytea) {
  std::string u = "\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11";
  EXPECT_EQ(PgUuidText(u), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_THROW(PgUuidText("short"), Error);
  EXPECT_EQ(PgByteaText(std::string("\x00\xff", 2)), "\\x00ff");
  EXPECT_EQ(PgByteaText(""), "\\x");
}

// Records what a reader delivers.
class RecordingSink : public ValueSink {
 public:
  void Null(int) override { log += "null;"; }
  void Int(int, int64_t v) override { log += "int " + std::to_string(v) + ";"; }
  void UInt(int, uint64_t v) override { log += "uint " + std::to_string(v) + ";"; }
  void Double(int, double v) override {
    last_double = v;
    log += "double;";
  }
  void Text(int, std::string_view v) override { log += "text " + std::string(v) + ";"; }
  void Blob(int, std::string_view v) override { log += "blob " + std::to_string(v.size()) + ";"; }
  std::string log;
  double last_double = 0;
};

TEST(PgBinaryDecoder, DeliversEachWireFormInItsShape) {
  RecordingSink sink;
  std::string scratch, b;
  Put16(b, -32768);
  PgDeliver(PgWire::kInt2, b, 0, sink, scratch);
  b.clear();
  Put32(b, -2147483648LL);
  PgDeliver(PgWire::kInt4, b, 0, sink, scratch);
  b.clear();
  Put64(b, std::numeric_limits<int64_t>::min());
  PgDeliver(PgWire::kInt8, b, 0, sink, scratch);
  PgDeliver(PgWire::kBool, std::string(1, '\1'), 0, sink, scratch);
  PgDeliver(PgWire::kNumeric, Numeric(0, kNeg, 2, {12, 3400}), 0, sink, scratch);
  PgDeliver(PgWire::kBytea, std::string("\0\0", 2), 0, sink, scratch);
  PgDeliver(PgWire::kJsonb, "\1{}", 0, sink, scratch);
  b.clear();
  Put32(b, 0);
  PgDeliver(PgWire::kDate, b, 0, sink, scratch);
  EXPECT_EQ(sink.log,
            "int -32768;int -2147483648;int -9223372036854775808;text true;text -12.34;"
            "blob 2;text {};text 2000-01-01;");
  b.clear();
  Put32(b, 0x7fc00000);  // real NaN
  PgDeliver(PgWire::kFloat4, b, 0, sink, scratch);
  EXPECT_TRUE(std::isnan(sink.last_double));
  b.clear();
  Put64(b, static_cast<int64_t>(0xfff0000000000000ULL));  // -Infinity
  PgDeliver(PgWire::kFloat8, b, 0, sink, scratch);
  EXPECT_EQ(sink.last_double, -std::numeric_limits<double>::infinity());
  EXPECT_THROW(PgDeliver(PgWire::kInt4, "12", 0, sink, scratch), Error);
}

TEST(PgBinaryDecoder, ValueTextForDirtyRecords) {
  std::string b;
  Put32(b, 0x3dcccccd);  // 0.1f
  EXPECT_EQ(PgValueText(PgWire::kFloat4, b), "0.1");
  EXPECT_EQ(PgValueText(PgWire::kBytea, "AB"), "\\x4142");
  EXPECT_EQ(PgValueText(PgWire::kNumeric, Numeric(0, kNaN, 0, {})), "NaN");
}

// A sink that takes decoded values: dates, timestamps and numerics arrive as
// numbers (epoch 1970), except infinities, which still come as text.
class TakingSink : public RecordingSink {
 public:
  bool TakeDate(int, int32_t days) override {
    log += "date " + std::to_string(days) + ";";
    return true;
  }
  bool TakeTimestamp(int, int64_t micros) override {
    log += "ts " + std::to_string(micros) + ";";
    return true;
  }
  bool TakeDecimal(int, __int128 unscaled, int scale) override {
    log += "dec " + std::to_string(static_cast<int64_t>(unscaled)) + "e-" + std::to_string(scale) +
           ";";
    return true;
  }
};

TEST(PgBinaryDecoder, DeliversDatesTimestampsAndNumericsDecodedWhenTheSinkTakesThem) {
  TakingSink sink;
  std::string scratch, b;
  Put32(b, 0);  // 2000-01-01
  PgDeliver(PgWire::kDate, b, 0, sink, scratch);
  b.clear();
  Put32(b, std::numeric_limits<int32_t>::max());
  PgDeliver(PgWire::kDate, b, 0, sink, scratch);
  b.clear();
  Put64(b, 1);  // 2000-01-01 00:00:00.000001
  PgDeliver(PgWire::kTimestampTz, b, 0, sink, scratch);
  b.clear();
  Put64(b, std::numeric_limits<int64_t>::min());
  PgDeliver(PgWire::kTimestamp, b, 0, sink, scratch);
  PgDeliver(PgWire::kNumeric, Numeric(0, kNeg, 2, {12, 3400}), 0, sink, scratch);  // -12.34
  PgDeliver(PgWire::kNumeric, Numeric(2, kPos, 0, {7}), 0, sink, scratch);         // 7 0000 0000
  PgDeliver(PgWire::kNumeric, Numeric(-2, kPos, 8, {5}), 0, sink, scratch);        // 0.00000005
  PgDeliver(PgWire::kNumeric, Numeric(0, kPos, 0, {}), 0, sink, scratch);          // 0
  PgDeliver(PgWire::kNumeric, Numeric(0, kNaN, 0, {}), 0, sink, scratch);
  PgDeliver(PgWire::kNumeric, Numeric(30, kPos, 0, {1}), 0, sink, scratch);  // 10^120: as text
  EXPECT_EQ(sink.log,
            "date 10957;text infinity;ts 946684800000001;text -infinity;dec -123400e-4;"
            "dec 700000000e-0;dec 5e-8;dec 0e-0;text NaN;text 1" +
                std::string(120, '0') + ";");
}

}  // namespace
}  // namespace strata
