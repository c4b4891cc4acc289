#include "core/value_parsers.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/ascii_case.h"
#include "core/civil_time.h"

namespace strata {
namespace {

// True when the eight bytes at `i` exist and none has its high bit set.
bool IsAsciiWord(std::string_view s, size_t i) {
  if (i + 8 > s.size()) return false;
  uint64_t word;
  std::memcpy(&word, s.data() + i, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// PostgreSQL writes a date before year 1 as "0044-03-15 BC" (the year
// counted back from 1 BC); a MySQL or SQLite text column holding such a value
// hands over that text.
constexpr std::string_view kBcSuffix = " BC";

bool EndsWithBc(std::string_view s) {
  return s.size() > kBcSuffix.size() && s.substr(s.size() - kBcSuffix.size()) == kBcSuffix;
}

// Parses "yyyy-mm-dd" into a CivilTime date; `bc` counts the year back from
// 1 BC (year 0 of the proleptic Gregorian calendar, a leap year).
std::optional<CivilTime> ParseDatePart(std::string_view s, bool bc, std::string* why) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !AllDigits(s.substr(0, 4)) ||
      !AllDigits(s.substr(5, 2)) || !AllDigits(s.substr(8, 2))) {
    *why = "not a date (expected yyyy-mm-dd)";
    return std::nullopt;
  }
  if (IsZeroDate(s)) {
    *why = "zero date (not a real calendar date)";
    return std::nullopt;
  }
  int year = Num(s.substr(0, 4));
  CivilTime t{bc ? 1 - year : year, Num(s.substr(5, 2)), Num(s.substr(8, 2))};
  if (!t.IsValid()) {
    *why = "not a real calendar date";
    return std::nullopt;
  }
  return t;
}

// Parses "hh:mm:ss[.ffffff]" into microseconds of the day.
std::optional<int64_t> ParseTimePart(std::string_view s, std::string* why) {
  *why = "not a time of day (expected hh:mm:ss[.ffffff])";
  if (s.size() < 8 || s[2] != ':' || s[5] != ':' || !AllDigits(s.substr(0, 2)) ||
      !AllDigits(s.substr(3, 2)) || !AllDigits(s.substr(6, 2)))
    return std::nullopt;
  int h = Num(s.substr(0, 2)), m = Num(s.substr(3, 2)), sec = Num(s.substr(6, 2));
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  int64_t micros = 0;
  if (s.size() > 8) {
    std::string_view frac = s.substr(9);
    if (s[8] != '.' || frac.size() > 9 || !AllDigits(frac)) return std::nullopt;
    for (size_t i = 0; i < frac.size(); ++i) {
      if (i >= 6) {
        if (frac[i] != '0') {
          *why = "has more than microsecond precision";
          return std::nullopt;
        }
        continue;
      }
      micros += (frac[i] - '0') * static_cast<int64_t>(std::pow(10, 5 - i));
    }
  }
  return ((h * 60LL + m) * 60 + sec) * 1000000 + micros;
}

// "yyyy-mm-dd[( |T)hh:mm:ss[.ffffff]]" into microseconds since 1970-01-01,
// without the range check of ParseTimestamp.
std::optional<int64_t> ParseDateTime(std::string_view s, bool bc, std::string* why) {
  auto d = ParseDatePart(s.substr(0, 10), bc, why);
  if (!d) return std::nullopt;
  int64_t micros = 0;
  if (s.size() > 10) {
    if (s[10] != ' ' && s[10] != 'T') {
      *why = "not a datetime (expected yyyy-mm-dd hh:mm:ss)";
      return std::nullopt;
    }
    auto t = ParseTimePart(s.substr(11), why);
    if (!t) return std::nullopt;
    micros = *t;
  }
  return d->ToDays() * kMicrosPerDay + micros;
}

}  // namespace

std::optional<int64_t> ParseInt64(std::string_view s) {
  if (!s.empty() && s[0] == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s[0] == '-') return std::nullopt;  // "+-5"
  }
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return std::nullopt;
  std::string text(s);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  // Out of range: strtod returns inf or 0, a different value, not a rounded one.
  if (errno == ERANGE && (std::isinf(v) || v == 0)) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string_view s) {
  for (auto t : {"true", "t", "yes", "y", "1"})
    if (AsciiEqualsIgnoringCase(s, t)) return true;
  for (auto f : {"false", "f", "no", "n", "0"})
    if (AsciiEqualsIgnoringCase(s, f)) return false;
  return std::nullopt;
}

std::optional<__int128> ParseDecimal(std::string_view s, int precision, int scale,
                                     std::string* why) {
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || (!whole.empty() && !AllDigits(whole)) ||
      (!frac.empty() && !AllDigits(frac))) {
    *why = "not a decimal number";
    return std::nullopt;
  }
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  if (whole == "0") whole = {};
  if (static_cast<int>(whole.size()) > precision - scale) {
    *why = "needs more than " + std::to_string(precision - scale) + " digits before the point";
    return std::nullopt;
  }
  __int128 v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  for (int i = 0; i < scale; ++i)
    v = v * 10 + (i < static_cast<int>(frac.size()) ? frac[i] - '0' : 0);
  for (size_t i = scale; i < frac.size(); ++i)
    if (frac[i] != '0') {
      *why = "has more than " + std::to_string(scale) + " digits after the point";
      return std::nullopt;
    }
  return negative ? -v : v;
}

std::optional<__int128> DecimalFromInteger(__int128 v, int precision, int scale) {
  __int128 limit = 1;
  for (int i = 0; i < precision - scale; ++i) limit *= 10;
  if (v >= limit || v <= -limit) return std::nullopt;
  for (int i = 0; i < scale; ++i) v *= 10;
  return v;
}

std::optional<__int128> DecimalFromDouble(double v, int precision, int scale, std::string* why) {
  char buf[400];  // the longest fixed rendering of a double is ~330 chars
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) {
    *why = "not a decimal number";
    return std::nullopt;
  }
  return ParseDecimal(std::string_view(buf, static_cast<size_t>(p - buf)), precision, scale, why);
}

std::string ShortestDouble(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? p : buf);
}

std::optional<int32_t> ParseDate(std::string_view s, std::string* why) {
  // A BC date is stored exactly, as the PostgreSQL source stores its decoded
  // dates: a Parquet DATE holds any day of the proleptic calendar.
  bool bc = EndsWithBc(s);
  if (bc) s.remove_suffix(kBcSuffix.size());
  if (s.size() > 10) {
    auto micros = ParseDateTime(s, bc, why);
    if (!micros) return std::nullopt;
    if (*micros % kMicrosPerDay != 0) {
      *why = "has a time of day, but the column is a date";
      return std::nullopt;
    }
    s = s.substr(0, 10);
  }
  auto d = ParseDatePart(s, bc, why);
  if (!d) return std::nullopt;
  return static_cast<int32_t>(d->ToDays());
}

std::optional<int64_t> ParseTimestamp(std::string_view s, std::string* why) {
  // Datetime columns hold the years 1 to 9999 only, as for the PostgreSQL
  // source's decoded timestamps (docs/sources/postgres.md).
  if (EndsWithBc(s)) {
    *why = "'" + std::string(s) + "': a BC date; datetime columns hold the years 0001 to 9999";
    return std::nullopt;
  }
  return ParseDateTime(s, false, why);
}

std::optional<size_t> Utf8Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    if (IsAsciiWord(s, i)) {  // most text is ASCII: take eight bytes at once
      i += 8;
      n += 7;  // the loop counts the eighth
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {  // one ASCII byte, one character
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) return std::nullopt;
      cp = cp << 6 | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not
    // UTF-8 (RFC 3629), and DuckDB rejects them.
    static constexpr uint32_t kMinOfLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinOfLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return std::nullopt;
    i += len;
  }
  return n;
}

}  // namespace strata
