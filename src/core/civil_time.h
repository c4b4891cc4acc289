#pragma once
// A calendar date and wall-clock time with no time zone attached. Scheduling
// works on the dates a user writes down ("business date 20161114"), so all
// arithmetic here is pure proleptic-Gregorian counting: the machine's TZ and
// daylight-saving rules never enter.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

// Fields of a date/time, coarsest first; used to ask which unit a pattern
// counts in.
enum class TimeField { kYear, kMonth, kDay, kHour, kMinute, kSecond };

constexpr int64_t kMicrosPerDay = 86400000000LL;
// Days from 1970-01-01 to 0001-01-01 and to 10000-01-01: the dates a
// four-digit year can write.
constexpr int64_t kFirstFourDigitDay = -719162;
constexpr int64_t kEndFourDigitDay = 2932897;

// True for MySQL's zero dates: text starting "yyyy-mm-dd" whose year, month
// or day is 0 ('0000-00-00', '2016-00-10', '0000-05-10'). No calendar date.
bool IsZeroDate(std::string_view text);

// True for Gregorian leap years (2000 and 2016 are, 2100 is not).
bool IsLeapYear(int year);
// 28..31 for month 1..12; 0 for a month outside that range.
int DaysInMonth(int year, int month);

// A civil date/time. Fields are plain values; IsValid() says whether they name
// a real instant. Arithmetic expects a valid value and returns a valid one as
// long as the result stays within years 1..9999 (callers bound their offsets).
// Ordering is chronological for valid values.
struct CivilTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;

  friend auto operator<=>(const CivilTime&, const CivilTime&) = default;

  // Month 1..12, day within the month, 00:00:00..23:59:59.
  bool IsValid() const;

  // Days since 1970-01-01 of the date part (negative before it).
  int64_t ToDays() const;
  // The date `days` after 1970-01-01, at 00:00:00.
  static CivilTime FromDays(int64_t days);

  // Same time of day, `n` calendar days later (earlier for negative n).
  CivilTime AddDays(int64_t n) const;
  // `n` months later; the day is clamped to the target month's last day, so
  // 2016-03-31 minus one month is 2016-02-29.
  CivilTime AddMonths(int64_t n) const;
  // `n` seconds later, carrying into the date.
  CivilTime AddSeconds(int64_t n) const;

  // "yyyymmdd": exactly eight digits naming a real date in years 1..9999;
  // the time is 00:00:00.
  static std::optional<CivilTime> ParseYmd(std::string_view text);
  // The date as "yyyymmdd".
  std::string FormatYmd() const;

  // Renders a DataWorks-style pattern: yyyy, yy, mm (month), dd, hh24, mi, ss,
  // and the separators "-/_:. " copied as written. Any other character makes
  // the pattern invalid and yields nullopt, so typos never reach the output.
  std::optional<std::string> Format(std::string_view pattern) const;
};

// The finest field a Format() pattern shows (kDay for "yyyy-mm-dd"); nullopt
// if the pattern is invalid or shows no field at all.
std::optional<TimeField> FinestField(std::string_view pattern);

}  // namespace strata
