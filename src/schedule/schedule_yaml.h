#pragma once
// Reads the scheduling parts of strata.yaml: a node's `schedule`, and the
// project's `timezone`, `max_parallel`, `catchup` and `lifecycle` settings.
// Errors name file, line and key, like every project-file error.

#include "schedule/project.h"
#include "schedule/schedule_spec.h"
#include "schedule/yaml_reader.h"

namespace strata {

//   schedule: daily | hourly | weekly | monthly
//   schedule: { every: day, at: "02:30" }          # hour: { every: hour, at: ":15" }
//   schedule: { every: week, on: mon, at: "01:00" } # month: { every: month, on: 1 }
//   schedule: { cron: "0 2 * * *" }
ScheduleSpec ParseScheduleSpec(const YamlValue& value);

// "30s", "5m", "1h" or a plain number of seconds (retry_interval, lookback).
int ParseDuration(const YamlValue& value);
// The same in milliseconds, also taking "250ms" (capture_interval).
int64_t ParseDurationMillis(const YamlValue& value);

// timezone, max_parallel, catchup, lifecycle: { table: days }.
void ParseProjectSchedule(const YamlValue& top, Project& project);

}  // namespace strata
