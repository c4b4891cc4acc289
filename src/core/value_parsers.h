#pragma once
// Exact parsers from the text a database hands over to the values a
// warehouse column stores. Each returns nullopt (with a reason) rather than
// guess: a value that cannot be represented exactly becomes a dirty record,
// never a rounded or shifted one (DESIGN.md invariant 3). Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

struct ParseFailure {
  std::string reason;
};

// "-12", "+7"; no spaces, no fraction; within int64.
std::optional<int64_t> ParseInt64(std::string_view text);
// Anything strtod accepts in full, plus nan/inf spellings.
std::optional<double> ParseDouble(std::string_view text);
// true/false, t/f, yes/no, 1/0 (case-insensitive).
std::optional<bool> ParseBool(std::string_view text);

// "123.45" into decimal(p, s) as the unscaled integer (12345 for s=2). Fails,
// filling `why`, on more than p-s integer digits or a non-zero digit past s.
std::optional<__int128> ParseDecimal(std::string_view text, int precision, int scale,
                                     std::string* why);
// An integer into decimal(p, s) as the unscaled integer; nullopt when it
// needs more than p-s digits.
std::optional<__int128> DecimalFromInteger(__int128 v, int precision, int scale);
// A double into decimal(p, s): its shortest text that reads back as `v`,
// written without an exponent, parsed by ParseDecimal (0.1 is 0.1, not the
// binary fraction's 55 digits).
std::optional<__int128> DecimalFromDouble(double v, int precision, int scale, std::string* why);
// Renders the shortest text that reads back as `v` ("0.1", "1e+300").
std::string ShortestDouble(double v);

// "2016-11-14" (a midnight "2016-11-14 00:00:00" too) into days since
// 1970-01-01; PostgreSQL's "0044-03-15 BC" too, exactly.
std::optional<int32_t> ParseDate(std::string_view text, std::string* why);
// "2016-11-14 10:00:00[.ffffff]" (or 'T' between), or a bare date, into
// microseconds since 1970-01-01 00:00:00. No time zone is applied. A BC
// value fails with a reason that names it.
std::optional<int64_t> ParseTimestamp(std::string_view text, std::string* why);

// Number of Unicode code points in UTF-8 text, or nullopt if not valid UTF-8.
std::optional<size_t> Utf8Length(std::string_view text);

}  // namespace strata
