#include "schedule/schedule_spec.h"

#include <fmt/format.h>

#include <algorithm>

namespace strata {

std::optional<Cycle> LatestCycleBefore(const ScheduleSpec& spec, const CivilTime& before) {
  // Cycles of business date b are all scheduled on b + 1: walk b backwards.
  CivilTime day = CivilTime::FromDays(before.ToDays());
  for (int back = 0; back <= 400; ++back) {
    std::optional<Cycle> latest;
    for (const auto& c : CyclesForBizdate(spec, day.AddDays(-back)))
      if (c.scheduled < before) latest = c;
    if (latest) return latest;
  }
  return std::nullopt;
}

std::vector<Cycle> CyclesForBizdate(const ScheduleSpec& s, const CivilTime& bizdate) {
  CivilTime day = bizdate.AddDays(1);
  day.hour = day.minute = day.second = 0;
  auto at = [&](int h, int m) {
    CivilTime t = day;
    t.hour = h;
    t.minute = m;
    return t;
  };
  std::vector<Cycle> out;
  switch (s.every) {
    case ScheduleSpec::Every::kDay: out.push_back({at(s.hour, s.minute), false}); break;
    case ScheduleSpec::Every::kHour:
      for (int h = 0; h < 24; ++h) out.push_back({at(h, s.minute), false});
      break;
    case ScheduleSpec::Every::kWeek:
      out.push_back({at(s.hour, s.minute), Weekday(day) != s.weekday});
      break;
    case ScheduleSpec::Every::kMonth: {
      int due = std::min(s.monthday, DaysInMonth(day.year, day.month));
      out.push_back({at(s.hour, s.minute), day.day != due});
      break;
    }
    case ScheduleSpec::Every::kCron: {
      CronExpression cron = CronExpression::Parse(s.cron);
      for (int m = 0; m < 24 * 60; ++m)
        if (cron.Matches(at(m / 60, m % 60))) out.push_back({at(m / 60, m % 60), false});
      break;
    }
  }
  return out;
}

std::string Describe(const ScheduleSpec& s) {
  static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  switch (s.every) {
    case ScheduleSpec::Every::kDay: return fmt::format("daily at {:02}:{:02}", s.hour, s.minute);
    case ScheduleSpec::Every::kHour: return fmt::format("hourly at :{:02}", s.minute);
    case ScheduleSpec::Every::kWeek:
      return fmt::format("weekly on {} at {:02}:{:02}", kDays[s.weekday], s.hour, s.minute);
    case ScheduleSpec::Every::kMonth:
      return fmt::format("monthly on day {} at {:02}:{:02}", s.monthday, s.hour, s.minute);
    case ScheduleSpec::Every::kCron: return "cron " + s.cron;
  }
  return "";
}

}  // namespace strata
