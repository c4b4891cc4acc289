#include "source/postgres/pg_text_wire.h"

#include <bit>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <vector>

#include "core/civil_time.h"
#include "core/error.h"

namespace strata {
namespace {

constexpr int64_t kDaysFrom1970To2000 = 10957;
constexpr int64_t kMaxTimestampDays = 100'000'000;

[[noreturn]] void Bad(const char* type, std::string_view text) {
  throw Error(std::string("cannot read ") + type + " value '" + std::string(text) +
              "' from the change log");
}

void PutBig(std::string& out, uint64_t v, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
    out += static_cast<char>((v >> shift) & 0xff);
}

std::string Big(uint64_t v, int bytes) {
  std::string out;
  PutBig(out, v, bytes);
  return out;
}

template <typename T>
T ParseInteger(std::string_view text, const char* type) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) Bad(type, text);
  return v;
}

// Reads `n` digits at `at`, advancing it.
int64_t Digits(std::string_view text, size_t& at, size_t n, const char* type) {
  if (text.size() - at < n) Bad(type, text);
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i, ++at) {
    char c = text[at];
    if (c < '0' || c > '9') Bad(type, text);
    v = v * 10 + (c - '0');
  }
  return v;
}

void Expect(std::string_view text, size_t& at, char c, const char* type) {
  if (at >= text.size() || text[at] != c) Bad(type, text);
  ++at;
}

// Strips " BC" from the end; returns whether it was there.
bool StripBc(std::string_view& text) {
  if (!text.ends_with(" BC")) return false;
  text.remove_suffix(3);
  return true;
}

// "yyyy-mm-dd" (four or more year digits) at `at`: days since 2000-01-01.
int64_t ParseDate(std::string_view text, size_t& at, bool bc, const char* type) {
  size_t dash = text.find('-', at);
  if (dash == std::string_view::npos || dash - at < 4 || dash - at > 7) Bad(type, text);
  int64_t year = Digits(text, at, dash - at, type);
  Expect(text, at, '-', type);
  int64_t month = Digits(text, at, 2, type);
  Expect(text, at, '-', type);
  int64_t day = Digits(text, at, 2, type);
  if (month < 1 || month > 12 || day < 1 || day > 31) Bad(type, text);
  if (bc) year = 1 - year;
  CivilTime date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
  return date.ToDays() - kDaysFrom1970To2000;
}

// "hh:mm:ss[.ffffff]" at `at`: microseconds since midnight.
int64_t ParseTime(std::string_view text, size_t& at, const char* type) {
  int64_t h = Digits(text, at, 2, type);
  Expect(text, at, ':', type);
  int64_t m = Digits(text, at, 2, type);
  Expect(text, at, ':', type);
  int64_t s = Digits(text, at, 2, type);
  int64_t micros = ((h * 60 + m) * 60 + s) * 1000000;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int64_t scale = 100000;
    size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9' && at - start < 6) {
      micros += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) Bad(type, text);
  }
  return micros;
}

// "+hh[:mm[:ss]]" or "-hh..." at `at`: the offset east of UTC in microseconds.
int64_t ParseOffset(std::string_view text, size_t& at, const char* type) {
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) Bad(type, text);
  int sign = text[at++] == '-' ? -1 : 1;
  int64_t seconds = Digits(text, at, 2, type) * 3600;
  if (at < text.size() && text[at] == ':') seconds += Digits(text, ++at, 2, type) * 60;
  if (at < text.size() && text[at] == ':') seconds += Digits(text, ++at, 2, type);
  return sign * seconds * 1000000;
}

std::string DateWire(std::string_view text) {
  if (text == "infinity") return Big(static_cast<uint32_t>(std::numeric_limits<int32_t>::max()), 4);
  if (text == "-infinity")
    return Big(static_cast<uint32_t>(std::numeric_limits<int32_t>::min()), 4);
  bool bc = StripBc(text);
  size_t at = 0;
  int64_t days = ParseDate(text, at, bc, "date");
  if (at != text.size() || days < std::numeric_limits<int32_t>::min() ||
      days > std::numeric_limits<int32_t>::max())
    Bad("date", text);
  return Big(static_cast<uint32_t>(static_cast<int32_t>(days)), 4);
}

std::string TimestampWire(std::string_view text, bool with_zone) {
  const char* type = with_zone ? "timestamptz" : "timestamp";
  if (text == "infinity") return Big(static_cast<uint64_t>(std::numeric_limits<int64_t>::max()), 8);
  if (text == "-infinity")
    return Big(static_cast<uint64_t>(std::numeric_limits<int64_t>::min()), 8);
  bool bc = StripBc(text);
  size_t at = 0;
  int64_t days = ParseDate(text, at, bc, type);
  // PostgreSQL's timestamps end in year 294276; this keeps the arithmetic in range.
  if (days < -kMaxTimestampDays || days > kMaxTimestampDays) Bad(type, text);
  Expect(text, at, ' ', type);
  int64_t micros = days * kMicrosPerDay + ParseTime(text, at, type);
  if (with_zone) micros -= ParseOffset(text, at, type);
  if (at != text.size()) Bad(type, text);
  return Big(static_cast<uint64_t>(micros), 8);
}

std::string TimeWire(std::string_view text) {
  size_t at = 0;
  int64_t micros = ParseTime(text, at, "time");
  if (at != text.size() || micros > kMicrosPerDay) Bad("time", text);
  return Big(static_cast<uint64_t>(micros), 8);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Pairs of hex digits to bytes; dashes are skipped when `dashes` allows them.
std::string HexBytes(std::string_view hex, bool dashes, const char* type, std::string_view text) {
  std::string out;
  for (size_t i = 0; i < hex.size();) {
    if (dashes && hex[i] == '-') {
      ++i;
      continue;
    }
    if (i + 1 >= hex.size()) Bad(type, text);
    int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) Bad(type, text);
    out += static_cast<char>(hi << 4 | lo);
    i += 2;
  }
  return out;
}

std::string UuidWire(std::string_view text) {
  std::string bytes = HexBytes(text, true, "uuid", text);
  if (bytes.size() != 16) Bad("uuid", text);
  return bytes;
}

std::string ByteaWire(std::string_view text) {
  if (!text.starts_with("\\x")) Bad("bytea (hex)", text);
  return HexBytes(text.substr(2), false, "bytea", text);
}

std::string FloatWire(std::string_view text, bool single) {
  std::string copy(text);  // strtod needs a terminated string
  char* end = nullptr;
  if (single) {
    float f = std::strtof(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size()) Bad("real", text);
    return Big(std::bit_cast<uint32_t>(f), 4);
  }
  double d = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) Bad("double precision", text);
  return Big(std::bit_cast<uint64_t>(d), 8);
}

// numeric_send's form of numeric_out's text: base-10000 digits around the
// decimal point, leading and trailing zero digits stripped as the server
// stores them (zero: no digits, weight 0, positive).
std::string NumericWire(std::string_view text) {
  auto special = [](uint16_t sign) {
    std::string out;
    PutBig(out, 0, 2);
    PutBig(out, 0, 2);
    PutBig(out, sign, 2);
    PutBig(out, 0, 2);
    return out;
  };
  if (text == "NaN") return special(0xC000);
  if (text == "Infinity") return special(0xD000);
  if (text == "-Infinity") return special(0xF000);
  std::string_view body = text;
  bool negative = body.starts_with('-');
  if (negative) body.remove_prefix(1);
  size_t point = body.find('.');
  std::string_view whole = body.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : body.substr(point + 1);
  if (whole.empty()) Bad("numeric", text);
  for (std::string_view part : {whole, fraction})
    for (char c : part)
      if (c < '0' || c > '9') Bad("numeric", text);
  // Pad to whole groups of four on both sides of the point.
  std::string digits(static_cast<size_t>((4 - whole.size() % 4) % 4), '0');
  digits.append(whole);
  int weight = static_cast<int>(digits.size() / 4) - 1;
  digits.append(fraction);
  digits.append((4 - fraction.size() % 4) % 4, '0');
  std::vector<int> groups;
  for (size_t i = 0; i < digits.size(); i += 4) groups.push_back(std::stoi(digits.substr(i, 4)));
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) ++first, --weight;
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0) --last;
  if (first == last) {
    weight = 0;
    negative = false;
  }
  std::string out;
  PutBig(out, last - first, 2);
  PutBig(out, static_cast<uint16_t>(weight), 2);
  PutBig(out, negative ? 0x4000 : 0, 2);
  PutBig(out, fraction.size(), 2);
  for (size_t i = first; i < last; ++i) PutBig(out, static_cast<uint64_t>(groups[i]), 2);
  return out;
}

}  // namespace

std::string PgTextToWire(PgWire wire, std::string_view text) {
  switch (wire) {
    case PgWire::kBool:
      if (text == "t") return std::string(1, '\1');
      if (text == "f") return std::string(1, '\0');
      Bad("boolean", text);
    case PgWire::kInt2:
      return Big(static_cast<uint16_t>(ParseInteger<int16_t>(text, "smallint")), 2);
    case PgWire::kInt4:
      return Big(static_cast<uint32_t>(ParseInteger<int32_t>(text, "integer")), 4);
    case PgWire::kInt8: return Big(static_cast<uint64_t>(ParseInteger<int64_t>(text, "bigint")), 8);
    case PgWire::kFloat4: return FloatWire(text, true);
    case PgWire::kFloat8: return FloatWire(text, false);
    case PgWire::kNumeric: return NumericWire(text);
    case PgWire::kText: return std::string(text);
    case PgWire::kJsonb: return "\1" + std::string(text);
    case PgWire::kBytea: return ByteaWire(text);
    case PgWire::kDate: return DateWire(text);
    case PgWire::kTimestamp: return TimestampWire(text, false);
    case PgWire::kTimestampTz: return TimestampWire(text, true);
    case PgWire::kTime: return TimeWire(text);
    case PgWire::kUuid: return UuidWire(text);
  }
  Bad("unknown", text);
}

}  // namespace strata
