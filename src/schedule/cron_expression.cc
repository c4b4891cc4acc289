#include "schedule/cron_expression.h"

#include <array>
#include <sstream>
#include <vector>

#include "core/error.h"

namespace strata {
namespace {

constexpr std::array<const char*, 7> kDays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

int ParseNumber(const std::string& s, int lo, int hi, bool names, const std::string& field) {
  if (names)
    for (int i = 0; i < 7; ++i)
      if (s == kDays[i]) return i;
  if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos)
    throw Error("cron " + field + ": '" + s + "' is not a number");
  int v = std::stoi(s);
  if (v < lo || v > hi)
    throw Error("cron " + field + ": " + s + " is outside " + std::to_string(lo) + ".." +
                std::to_string(hi));
  return v;
}

// Sets the bits one comma-separated item names: *, n, a-b, with optional /step.
template <size_t N>
void ParseItem(const std::string& item, int lo, int hi, bool names, const std::string& field,
               std::bitset<N>* bits) {
  std::string range = item;
  int step = 1;
  if (auto slash = item.find('/'); slash != std::string::npos) {
    range = item.substr(0, slash);
    step = ParseNumber(item.substr(slash + 1), 1, hi, false, field);
  }
  int a = lo, b = hi;
  if (range != "*") {
    auto dash = range.find('-');
    a = ParseNumber(range.substr(0, dash), lo, hi, names, field);
    b = dash == std::string::npos ? (item.find('/') != std::string::npos ? hi : a)
                                  : ParseNumber(range.substr(dash + 1), lo, hi, names, field);
    if (b < a) throw Error("cron " + field + ": range '" + range + "' runs backwards");
  }
  for (int v = a; v <= b; v += step) bits->set(static_cast<size_t>(v % static_cast<int>(N)));
}

template <size_t N>
bool ParseField(const std::string& text, int lo, int hi, bool names, const std::string& field,
                std::bitset<N>* bits) {
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) ParseItem(item, lo, hi, names, field, bits);
  return text == "*";
}

}  // namespace

int Weekday(const CivilTime& t) {
  int64_t d = t.ToDays();  // 1970-01-01 was a Thursday
  return static_cast<int>(((d % 7) + 7 + 4) % 7);
}

CronExpression CronExpression::Parse(std::string_view text) {
  CronExpression c;
  c.text_ = std::string(text);
  std::stringstream ss(c.text_);
  std::vector<std::string> f;
  for (std::string w; ss >> w;) f.push_back(w);
  if (f.size() != 5)
    throw Error("cron '" + c.text_ + "': expected 5 fields (minute hour day month weekday)");
  ParseField(f[0], 0, 59, false, "minute", &c.minutes_);
  ParseField(f[1], 0, 23, false, "hour", &c.hours_);
  c.any_day_ = ParseField(f[2], 1, 31, false, "day", &c.days_);
  ParseField(f[3], 1, 12, false, "month", &c.months_);
  std::bitset<8> wd;
  c.any_weekday_ = ParseField(f[4], 0, 7, true, "weekday", &wd);
  for (int i = 0; i < 7; ++i) c.weekdays_[i] = wd[i] || (i == 0 && wd[7]);
  return c;
}

bool CronExpression::Matches(const CivilTime& t) const {
  if (!minutes_[t.minute] || !hours_[t.hour] || !months_[t.month]) return false;
  bool day = days_[t.day], weekday = weekdays_[Weekday(t)];
  if (any_day_ || any_weekday_) return day && weekday;
  return day || weekday;
}

}  // namespace strata
