#include "sync/capture/capture_calendar.h"

#include <fmt/format.h>

#include <fstream>
#include <limits>
#include <sstream>

#include "core/civil_time.h"
#include "core/clock.h"
#include "core/error.h"

namespace strata {
namespace {

constexpr int64_t kMicros = 1000000;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

}  // namespace

CaptureCalendar CaptureCalendar::Daily(int hour, int minute) {
  CaptureCalendar c;
  c.minute_of_day_ = hour * 60 + minute;
  return c;
}

CaptureCalendar CaptureCalendar::FromFile(const std::filesystem::path& file) {
  CaptureCalendar c;
  c.file_ = file;
  std::ifstream in(file);
  if (!in) throw Error("cannot read the capture calendar " + file.string());
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string ds;
    int64_t micros = 0;
    if (!(fields >> ds >> micros) || !CivilTime::ParseYmd(ds))
      throw Error(fmt::format("{}:{}: expected 'yyyymmdd unix-microseconds', got '{}'",
                              file.string(), n, line));
    c.cutoffs_[ds] = micros;
  }
  return c;
}

std::optional<int64_t> CaptureCalendar::CutoffOf(const std::string& ds) const {
  if (file_) {
    auto it = cutoffs_.find(ds);
    if (it == cutoffs_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<CivilTime> day = CivilTime::ParseYmd(ds);
  if (!day) throw Error("'" + ds + "' is not a date (yyyymmdd)");
  CivilTime at = day->AddDays(1);
  at.hour = minute_of_day_ / 60;
  at.minute = minute_of_day_ % 60;
  return FromLocal(at) * kMicros;
}

std::optional<std::string> CaptureCalendar::DateOf(int64_t micros) const {
  if (file_) {
    for (const auto& [ds, cutoff] : cutoffs_)
      if (micros < cutoff) return ds;
    return std::nullopt;
  }
  // Start at the local date before the commit's and move by days: a
  // cutoff falls once a day, whatever the time zone's shifts.
  CivilTime day = ToLocal(FloorDiv(micros, kMicros)).AddDays(-1);
  day.hour = day.minute = day.second = 0;
  while (*CutoffOf(day.AddDays(-1).FormatYmd()) > micros) day = day.AddDays(-1);
  while (*CutoffOf(day.FormatYmd()) <= micros) day = day.AddDays(1);
  return day.FormatYmd();
}

std::optional<int64_t> CaptureCalendar::LastCutoff() const {
  if (!file_) return std::nullopt;
  if (cutoffs_.empty()) return std::numeric_limits<int64_t>::min();
  return cutoffs_.rbegin()->second;
}

std::string CaptureCalendar::Describe() const {
  if (file_) return "cutoffs from " + file_->string();
  return fmt::format("daily at {:02}:{:02}", minute_of_day_ / 60, minute_of_day_ % 60);
}

std::string FormatMicrosLocal(int64_t micros) {
  return FormatLocal(FloorDiv(micros, kMicros)) +
         fmt::format(".{:06}", micros - FloorDiv(micros, kMicros) * kMicros);
}

}  // namespace strata
