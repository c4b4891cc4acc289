#include "source/postgres/pg_binary_decoder.h"

#include <bit>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

#include "core/civil_time.h"
#include "core/error.h"

namespace strata {
namespace {

constexpr int64_t kDaysFrom1970To2000 = 10957;

constexpr uint16_t kNumericPos = 0x0000;
constexpr uint16_t kNumericNeg = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPInf = 0xD000;
constexpr uint16_t kNumericNInf = 0xF000;

[[noreturn]] void Malformed(const char* what, size_t size) {
  throw Error(std::string("malformed binary ") + what + " value (" + std::to_string(size) +
              " bytes)");
}

void Expect(std::string_view bytes, size_t size, const char* what) {
  if (bytes.size() != size) Malformed(what, bytes.size());
}

// Appends `v` zero-padded to at least `width` digits.
void AppendPadded(int64_t v, int width, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  for (int pad = width - static_cast<int>(end - buf); pad > 0; --pad) out->push_back('0');
  out->append(buf, end);
}

struct Ymd {
  int64_t year;
  int month;
  int day;
};

// Proleptic Gregorian date of `days` since 1970-01-01 (H. Hinnant's civil_from_days).
Ymd CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Appends "yyyy-mm-dd"; returns whether the year is before 1 (then PostgreSQL
// prints the year counted back from 1 BC and appends " BC" to the value).
bool AppendDate(int64_t days_since_2000, std::string* out) {
  Ymd d = CivilFromDays(days_since_2000 + kDaysFrom1970To2000);
  bool bc = d.year <= 0;
  AppendPadded(bc ? 1 - d.year : d.year, 4, out);
  out->push_back('-');
  AppendPadded(d.month, 2, out);
  out->push_back('-');
  AppendPadded(d.day, 2, out);
  return bc;
}

// Appends "hh:mm:ss" and, if there is one, the fraction without trailing zeros.
void AppendTime(int64_t micros, std::string* out) {
  int64_t seconds = micros / 1000000;
  int64_t fraction = micros % 1000000;
  AppendPadded(seconds / 3600, 2, out);
  out->push_back(':');
  AppendPadded(seconds / 60 % 60, 2, out);
  out->push_back(':');
  AppendPadded(seconds % 60, 2, out);
  if (fraction == 0) return;
  int width = 6;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --width;
  }
  out->push_back('.');
  AppendPadded(fraction, width, out);
}

void AppendTimestamp(int64_t micros, std::string* out) {
  if (micros == std::numeric_limits<int64_t>::max()) return out->append("infinity"), void();
  if (micros == std::numeric_limits<int64_t>::min()) return out->append("-infinity"), void();
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  bool bc = AppendDate(days, out);
  out->push_back(' ');
  AppendTime(rest, out);
  if (bc) out->append(" BC");
}

void AppendDateValue(int32_t days, std::string* out) {
  if (days == std::numeric_limits<int32_t>::max()) return out->append("infinity"), void();
  if (days == std::numeric_limits<int32_t>::min()) return out->append("-infinity"), void();
  if (AppendDate(days, out)) out->append(" BC");
}

void AppendNumeric(std::string_view bytes, std::string* out) {
  if (bytes.size() < 8) Malformed("numeric", bytes.size());
  const char* p = bytes.data();
  int ndigits = PgInt16(p);
  int weight = PgInt16(p + 2);
  auto sign = static_cast<uint16_t>(PgInt16(p + 4));
  int dscale = PgInt16(p + 6);
  if (ndigits < 0 || dscale < 0 || bytes.size() != 8 + 2 * static_cast<size_t>(ndigits))
    Malformed("numeric", bytes.size());
  if (sign == kNumericNaN) return out->append("NaN"), void();
  if (sign == kNumericPInf) return out->append("Infinity"), void();
  if (sign == kNumericNInf) return out->append("-Infinity"), void();
  if (sign != kNumericPos && sign != kNumericNeg) Malformed("numeric", bytes.size());
  auto digit = [&](int i) {
    if (i < 0 || i >= ndigits) return 0;
    int d = PgInt16(p + 8 + 2 * i);
    if (d < 0 || d > 9999) Malformed("numeric", bytes.size());
    return d;
  };
  if (sign == kNumericNeg && ndigits > 0) out->push_back('-');
  if (weight < 0) out->push_back('0');
  for (int i = 0; i <= weight; ++i) AppendPadded(digit(i), i == 0 ? 1 : 4, out);
  if (dscale == 0) return;
  out->push_back('.');
  size_t end = out->size() + static_cast<size_t>(dscale);
  for (int i = weight + 1; out->size() < end; ++i) AppendPadded(digit(i), 4, out);
  out->resize(end);  // numeric_out shows exactly dscale digits
}

void AppendUuid(std::string_view bytes, std::string* out) {
  Expect(bytes, 16, "uuid");
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out->push_back('-');
    auto b = static_cast<unsigned char>(bytes[i]);
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
}

// Appends the text form of a value whose wire form is not an integer, float,
// boolean or bytea.
void AppendText(PgWire wire, std::string_view bytes, std::string* out) {
  switch (wire) {
    case PgWire::kNumeric: return AppendNumeric(bytes, out);
    case PgWire::kDate:
      Expect(bytes, 4, "date");
      return AppendDateValue(PgInt32(bytes.data()), out);
    case PgWire::kTimestamp:
    case PgWire::kTimestampTz:
      Expect(bytes, 8, "timestamp");
      return AppendTimestamp(PgInt64(bytes.data()), out);
    case PgWire::kTime:
      Expect(bytes, 8, "time");
      if (PgInt64(bytes.data()) < 0 || PgInt64(bytes.data()) > kMicrosPerDay)
        Malformed("time", bytes.size());
      return AppendTime(PgInt64(bytes.data()), out);
    case PgWire::kUuid: return AppendUuid(bytes, out);
    case PgWire::kJsonb:
      if (bytes.empty() || bytes[0] != 1) Malformed("jsonb", bytes.size());
      return out->append(bytes.substr(1)), void();
    default: out->append(bytes);
  }
}

double Float4(std::string_view bytes) {
  Expect(bytes, 4, "real");
  return std::bit_cast<float>(static_cast<uint32_t>(PgInt32(bytes.data())));
}

double Float8(std::string_view bytes) {
  Expect(bytes, 8, "double precision");
  return std::bit_cast<double>(static_cast<uint64_t>(PgInt64(bytes.data())));
}

bool Bool(std::string_view bytes) {
  Expect(bytes, 1, "boolean");
  return bytes[0] != 0;
}

// A finite numeric of at most 36 digits as (unscaled, scale); nullopt for
// NaN, infinities and anything longer (those go as text).
std::optional<std::pair<__int128, int>> NumericUnscaled(std::string_view bytes) {
  if (bytes.size() < 8) Malformed("numeric", bytes.size());
  const char* p = bytes.data();
  int ndigits = PgInt16(p);
  int weight = PgInt16(p + 2);
  auto sign = static_cast<uint16_t>(PgInt16(p + 4));
  if ((sign != kNumericPos && sign != kNumericNeg) || ndigits < 0 || ndigits > 9 ||
      bytes.size() != 8 + 2 * static_cast<size_t>(ndigits))
    return std::nullopt;
  __int128 v = 0;
  for (int i = 0; i < ndigits; ++i) {
    int d = PgInt16(p + 8 + 2 * i);
    if (d < 0 || d > 9999) Malformed("numeric", bytes.size());
    v = v * 10000 + d;
  }
  // v holds the digits down to base-10000 position weight - ndigits + 1.
  int scale = 4 * (ndigits - 1 - weight);
  constexpr __int128 kTen37 =
      static_cast<__int128>(10'000'000'000'000'000'000ULL) * 1'000'000'000'000'000'000LL;
  for (; scale < 0; ++scale) {
    if (v >= kTen37) return std::nullopt;  // past 38 digits
    v *= 10;
  }
  return std::make_pair(sign == kNumericNeg ? -v : v, scale);
}

// Hands a date, timestamp or numeric to the sink without text when it takes
// it; infinities always go as text (BC dates are dates like any other).
bool DeliverDecoded(PgWire wire, std::string_view bytes, int col, ValueSink& sink) {
  switch (wire) {
    case PgWire::kDate: {
      Expect(bytes, 4, "date");
      // PostgreSQL's infinities are the extreme raw values, before the shift.
      int32_t pg = PgInt32(bytes.data());
      int64_t days = int64_t{pg} + kDaysFrom1970To2000;
      bool finite = pg != std::numeric_limits<int32_t>::min() &&
                    pg != std::numeric_limits<int32_t>::max() &&
                    days <= std::numeric_limits<int32_t>::max();
      return finite && sink.TakeDate(col, static_cast<int32_t>(days));
    }
    case PgWire::kTimestamp:
    case PgWire::kTimestampTz: {
      Expect(bytes, 8, "timestamp");
      int64_t micros = 0;
      int64_t pg = PgInt64(bytes.data());
      bool finite = pg != std::numeric_limits<int64_t>::max() &&
                    pg != std::numeric_limits<int64_t>::min() &&
                    !__builtin_add_overflow(pg, kDaysFrom1970To2000 * kMicrosPerDay, &micros);
      return finite && sink.TakeTimestamp(col, micros);
    }
    case PgWire::kNumeric: {
      auto v = NumericUnscaled(bytes);
      return v && sink.TakeDecimal(col, v->first, v->second);
    }
    default: return false;
  }
}

}  // namespace

std::string PgNumericText(std::string_view bytes) {
  std::string out;
  AppendNumeric(bytes, &out);
  return out;
}

std::string PgDateText(int32_t days) {
  std::string out;
  AppendDateValue(days, &out);
  return out;
}

std::string PgTimestampText(int64_t micros) {
  std::string out;
  AppendTimestamp(micros, &out);
  return out;
}

std::string PgTimeText(int64_t micros) {
  std::string out;
  AppendTime(micros, &out);
  return out;
}

std::string PgUuidText(std::string_view bytes) {
  std::string out;
  AppendUuid(bytes, &out);
  return out;
}

std::string PgByteaText(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

void PgDeliver(PgWire wire, std::string_view bytes, int col, ValueSink& sink,
               std::string& scratch) {
  switch (wire) {
    case PgWire::kBool: return sink.Text(col, Bool(bytes) ? "true" : "false");
    case PgWire::kInt2: Expect(bytes, 2, "smallint"); return sink.Int(col, PgInt16(bytes.data()));
    case PgWire::kInt4: Expect(bytes, 4, "integer"); return sink.Int(col, PgInt32(bytes.data()));
    case PgWire::kInt8: Expect(bytes, 8, "bigint"); return sink.Int(col, PgInt64(bytes.data()));
    case PgWire::kFloat4: return sink.Double(col, Float4(bytes));
    case PgWire::kFloat8: return sink.Double(col, Float8(bytes));
    case PgWire::kBytea: return sink.Blob(col, bytes);
    case PgWire::kText: return sink.Text(col, bytes);
    default:
      if (DeliverDecoded(wire, bytes, col, sink)) return;
      scratch.clear();
      AppendText(wire, bytes, &scratch);
      return sink.Text(col, scratch);
  }
}

std::string PgValueText(PgWire wire, std::string_view bytes) {
  char buf[64];
  switch (wire) {
    case PgWire::kBool: return Bool(bytes) ? "true" : "false";
    case PgWire::kInt2: Expect(bytes, 2, "smallint"); return std::to_string(PgInt16(bytes.data()));
    case PgWire::kInt4: Expect(bytes, 4, "integer"); return std::to_string(PgInt32(bytes.data()));
    case PgWire::kInt8: Expect(bytes, 8, "bigint"); return std::to_string(PgInt64(bytes.data()));
    case PgWire::kFloat4: {  // shortest text that reads back as the same float
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<float>(Float4(bytes)));
      return std::string(buf, end);
    }
    case PgWire::kFloat8: {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, Float8(bytes));
      return std::string(buf, end);
    }
    case PgWire::kBytea: return PgByteaText(bytes);
    default: {
      std::string out;
      AppendText(wire, bytes, &out);
      return out;
    }
  }
}

}  // namespace strata
