#pragma once
// A five-field cron expression (minute hour day-of-month month day-of-week),
// with *, lists, ranges, steps and day names (sun..sat, 0 and 7 are Sunday).
// When both day fields are restricted a time matches either, as in Vixie
// cron. Value type; immutable after parsing.

#include <bitset>
#include <string>
#include <string_view>

#include "core/civil_time.h"

namespace strata {

class CronExpression {
 public:
  // Throws strata::Error naming the field and the text at fault.
  static CronExpression Parse(std::string_view text);
  bool Matches(const CivilTime& t) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;
  std::bitset<13> months_;
  std::bitset<7> weekdays_;
  bool any_day_ = true, any_weekday_ = true;
};

// 0 = Sunday .. 6 = Saturday.
int Weekday(const CivilTime& t);

}  // namespace strata
