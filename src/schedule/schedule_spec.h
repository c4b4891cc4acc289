#pragma once
// When a node runs. Every node has one instance per cycle: daily, weekly and
// monthly nodes one a day (weekly and monthly ones are dry runs, marked
// skipped, on the days they are not due, so their dependants still run, as
// in DataWorks); hourly nodes 24 a day; cron nodes one per firing. An
// instance's business date is the day before its scheduled date.

#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "schedule/cron_expression.h"

namespace strata {

struct ScheduleSpec {
  enum class Every { kDay, kHour, kWeek, kMonth, kCron };
  Every every = Every::kDay;
  int hour = 0;      // day/week/month: at hour:minute
  int minute = 0;    // also hour: at :minute
  int weekday = 1;   // week: 0 = Sunday .. 6
  int monthday = 1;  // month: 1..31, the month's last day when it is shorter
  std::string cron;  // cron: five fields
};

struct Cycle {
  CivilTime scheduled;  // local time
  bool dry_run = false;
};

// The cycles whose business date is `bizdate` (all scheduled on bizdate + 1), in time order.
std::vector<Cycle> CyclesForBizdate(const ScheduleSpec& spec, const CivilTime& bizdate);

// The latest cycle scheduled strictly before `before` (local time), looking
// back at most 400 days; nullopt when there is none in that span.
std::optional<Cycle> LatestCycleBefore(const ScheduleSpec& spec, const CivilTime& before);

// "daily at 00:00", "hourly at :15", "weekly on mon at 01:00", "cron 0 2 * * *".
std::string Describe(const ScheduleSpec& spec);

}  // namespace strata
