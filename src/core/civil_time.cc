#include "core/civil_time.h"

#include <array>
#include <cstdio>
#include <functional>

namespace strata {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Floor division: the calendar algorithms below need -1 / 86400 == -1.
int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Howard Hinnant's days_from_civil: eras of 400 years make leap rules exact.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int>(yoe + era * 400 + (t.month <= 2));
  return t;
}

std::string Pad(int64_t value, int width) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%0*lld", width, static_cast<long long>(value));
  return buf.data();
}

bool IsSeparator(char c) {
  return c == '-' || c == '/' || c == '_' || c == ':' || c == '.' || c == ' ';
}

struct PatternToken {
  std::string_view text;
  TimeField field;
};

// Longer tokens first so "yyyy" wins over "yy".
constexpr std::array<PatternToken, 7> kTokens = {{
    {"yyyy", TimeField::kYear},
    {"yy", TimeField::kYear},
    {"mm", TimeField::kMonth},
    {"dd", TimeField::kDay},
    {"hh24", TimeField::kHour},
    {"mi", TimeField::kMinute},
    {"ss", TimeField::kSecond},
}};

// Walks `pattern`, calling on_token for each field token and on_literal for
// each separator. False if some character is neither.
bool ScanPattern(std::string_view pattern, const std::function<void(const PatternToken&)>& on_token,
                 const std::function<void(char)>& on_literal) {
  size_t i = 0;
  while (i < pattern.size()) {
    const std::string_view rest = pattern.substr(i);
    const PatternToken* match = nullptr;
    for (const PatternToken& token : kTokens) {
      if (rest.starts_with(token.text)) {
        match = &token;
        break;
      }
    }
    if (match != nullptr) {
      on_token(*match);
      i += match->text.size();
    } else if (IsSeparator(pattern[i])) {
      on_literal(pattern[i]);
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsZeroDate(std::string_view t) {
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return false;
  return t.substr(0, 4) == "0000" || t.substr(5, 2) == "00" || t.substr(8, 2) == "00";
}

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool CivilTime::IsValid() const {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month) && hour >= 0 &&
         hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60;
}

int64_t CivilTime::ToDays() const {
  return DaysFromCivil(year, month, day);
}

CivilTime CivilTime::FromDays(int64_t days) {
  return CivilFromDays(days);
}

CivilTime CivilTime::AddDays(int64_t n) const {
  CivilTime t = FromDays(ToDays() + n);
  t.hour = hour;
  t.minute = minute;
  t.second = second;
  return t;
}

CivilTime CivilTime::AddMonths(int64_t n) const {
  const int64_t index = static_cast<int64_t>(year) * 12 + (month - 1) + n;
  CivilTime t = *this;
  t.year = static_cast<int>(FloorDiv(index, 12));
  t.month = static_cast<int>(index - FloorDiv(index, 12) * 12) + 1;
  const int last = DaysInMonth(t.year, t.month);
  if (t.day > last) t.day = last;
  return t;
}

CivilTime CivilTime::AddSeconds(int64_t n) const {
  const int64_t total = ToDays() * kSecondsPerDay + hour * 3600 + minute * 60 + second + n;
  const int64_t days = FloorDiv(total, kSecondsPerDay);
  const int64_t of_day = total - days * kSecondsPerDay;
  CivilTime t = FromDays(days);
  t.hour = static_cast<int>(of_day / 3600);
  t.minute = static_cast<int>(of_day / 60 % 60);
  t.second = static_cast<int>(of_day % 60);
  return t;
}

std::optional<CivilTime> CivilTime::ParseYmd(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  int digits[8];
  for (size_t i = 0; i < 8; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    digits[i] = text[i] - '0';
  }
  CivilTime t;
  t.year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  t.month = digits[4] * 10 + digits[5];
  t.day = digits[6] * 10 + digits[7];
  if (t.year < 1 || !t.IsValid()) return std::nullopt;
  return t;
}

std::string CivilTime::FormatYmd() const {
  return Pad(year, 4) + Pad(month, 2) + Pad(day, 2);
}

std::optional<std::string> CivilTime::Format(std::string_view pattern) const {
  std::string out;
  auto on_token = [&](const PatternToken& token) {
    if (token.text == "yyyy") {
      out += Pad(year, 4);
    } else if (token.text == "yy") {
      out += Pad(((year % 100) + 100) % 100, 2);
    } else if (token.text == "mm") {
      out += Pad(month, 2);
    } else if (token.text == "dd") {
      out += Pad(day, 2);
    } else if (token.text == "hh24") {
      out += Pad(hour, 2);
    } else if (token.text == "mi") {
      out += Pad(minute, 2);
    } else {
      out += Pad(second, 2);
    }
  };
  if (!ScanPattern(pattern, on_token, [&](char c) { out += c; })) return std::nullopt;
  return out;
}

std::optional<TimeField> FinestField(std::string_view pattern) {
  std::optional<TimeField> finest;
  auto on_token = [&](const PatternToken& token) {
    if (!finest || token.field > *finest) finest = token.field;
  };
  if (!ScanPattern(pattern, on_token, [](char) {})) return std::nullopt;
  return finest;
}

}  // namespace strata
