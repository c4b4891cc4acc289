#include "schedule/schedule_yaml.h"

#include <algorithm>
#include <limits>

#include "core/clock.h"
#include "core/error.h"
#include "core/names.h"

namespace strata {
namespace {

using Every = ScheduleSpec::Every;

// "HH:MM" (day/week/month) or ":MM" (hour).
void ParseAt(const YamlValue& at, ScheduleSpec& spec) {
  std::string text = at.AsString();
  bool hourly = spec.every == Every::kHour;
  auto digits = [&](size_t pos) {
    return pos + 2 <= text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) &&
           std::isdigit(static_cast<unsigned char>(text[pos + 1]));
  };
  bool ok = hourly ? text.size() == 3 && text[0] == ':' && digits(1)
                   : text.size() == 5 && text[2] == ':' && digits(0) && digits(3);
  if (ok) {
    spec.minute = std::stoi(text.substr(hourly ? 1 : 3));
    spec.hour = hourly ? 0 : std::stoi(text.substr(0, 2));
  }
  if (!ok || spec.hour > 23 || spec.minute > 59)
    at.Fail(std::string("expected a time like ") + (hourly ? "':15'" : "'02:30'") + ", got '" +
            text + "'");
}

void ParseOn(const YamlValue& on, ScheduleSpec& spec) {
  static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  if (spec.every == Every::kMonth) {
    spec.monthday = static_cast<int>(on.AsInt(1, 31));
    return;
  }
  if (spec.every != Every::kWeek) on.Fail("'on' applies to weekly and monthly schedules");
  std::string day = on.AsString();
  for (int i = 0; i < 7; ++i)
    if (day == kDays[i]) {
      spec.weekday = i;
      return;
    }
  on.Fail("expected a weekday sun..sat, got '" + day + "'");
}

Every ParseEvery(const YamlValue& value, const std::string& word) {
  if (word == "day" || word == "daily") return Every::kDay;
  if (word == "hour" || word == "hourly") return Every::kHour;
  if (word == "week" || word == "weekly") return Every::kWeek;
  if (word == "month" || word == "monthly") return Every::kMonth;
  value.Fail("expected day, hour, week or month, got '" + word + "'");
}

}  // namespace

ScheduleSpec ParseScheduleSpec(const YamlValue& value) {
  ScheduleSpec spec;
  if (!value.IsMap()) {
    spec.every = ParseEvery(value, value.AsString());
    return spec;
  }
  value.ExpectMap({"every", "at", "on", "cron"}, "in schedule");
  if (std::optional<YamlValue> cron = value.Find("cron")) {
    if (value.Find("every") || value.Find("at") || value.Find("on"))
      value.Fail("a cron schedule takes no 'every', 'at' or 'on'");
    spec.every = Every::kCron;
    spec.cron = cron->AsString();
    try {
      CronExpression::Parse(spec.cron);
    } catch (const Error& e) {
      cron->Fail(e.what());
    }
    return spec;
  }
  YamlValue every = value.Get("every");
  spec.every = ParseEvery(every, every.AsString());
  if (std::optional<YamlValue> at = value.Find("at")) ParseAt(*at, spec);
  if (std::optional<YamlValue> on = value.Find("on")) ParseOn(*on, spec);
  return spec;
}

void ParseProjectSchedule(const YamlValue& top, Project& project) {
  if (std::optional<YamlValue> tz = top.Find("timezone")) {
    project.timezone = tz->AsString();
    try {
      SetProcessTimeZone(project.timezone);
    } catch (const Error& e) {
      tz->Fail(e.what());
    }
  }
  if (std::optional<YamlValue> n = top.Find("max_parallel"))
    project.max_parallel = static_cast<int>(n->AsInt(1, 64));
  if (std::optional<YamlValue> c = top.Find("catchup")) project.catchup = c->AsBool();
  if (std::optional<YamlValue> lc = top.Find("lifecycle"))
    for (const auto& [table, days] : lc->Entries()) {
      try {
        RequireIdentifier(table, "table name");
      } catch (const Error& e) {
        days.Fail(e.what());
      }
      project.lifecycles[table] = static_cast<int>(days.AsInt(1, 36500));
    }
}

// "30s", "5m", "1h" or a plain number of seconds.
int ParseDuration(const YamlValue& value) {
  std::string text = value.AsString();
  int unit = 1;
  if (!text.empty() && std::string("smh").find(text.back()) != std::string::npos) {
    unit = text.back() == 's' ? 1 : text.back() == 'm' ? 60 : 3600;
    text.pop_back();
  }
  if (text.empty() || text.size() > 6 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    value.Fail("expected a duration like 30s, 5m or 1h, got '" + value.AsString() + "'");
  // Six digits of hours overflow an int.
  int64_t seconds = std::stoll(text) * unit;
  if (seconds > std::numeric_limits<int>::max())
    value.Fail("duration '" + value.AsString() + "' is too long (at most " +
               std::to_string(std::numeric_limits<int>::max()) + " seconds)");
  return static_cast<int>(seconds);
}

int64_t ParseDurationMillis(const YamlValue& value) {
  std::string text = value.AsString();
  if (!text.ends_with("ms")) return int64_t{ParseDuration(value)} * 1000;
  text.resize(text.size() - 2);
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    value.Fail("expected a duration like 250ms, 30s, 5m or 1h, got '" + value.AsString() + "'");
  return std::stoll(text);
}

}  // namespace strata
