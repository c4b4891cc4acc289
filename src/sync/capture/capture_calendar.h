#pragma once
// CaptureCalendar says which business date a captured change belongs to: the
// first date whose cutoff is after the change's commit time. A date's cutoff
// is when its cycle is scheduled (a daily node at 00:30 cuts date D at D+1
// 00:30, local time), so a date holds exactly the changes committed after
// the previous date's cutoff and before its own. Value type; thread-safe.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace strata {

class CaptureCalendar {
 public:
  // Date D is cut at D+1 hour:minute, local time (the process time zone).
  static CaptureCalendar Daily(int hour, int minute);
  // Cutoffs listed in `file`, a line "yyyymmdd unix-microseconds" each (the
  // simulations use it to pass business days in seconds); later lines may be
  // appended while strata runs. Throws strata::Error naming file and line.
  static CaptureCalendar FromFile(const std::filesystem::path& file);

  // The cutoff of `ds` (UTC microseconds), nullopt when not known yet.
  std::optional<int64_t> CutoffOf(const std::string& ds) const;
  // The date a change committed at `micros` belongs to; nullopt when its
  // cutoff is not known yet.
  std::optional<std::string> DateOf(int64_t micros) const;
  // The last cutoff known, for calendars that list them; nullopt = unbounded.
  std::optional<int64_t> LastCutoff() const;
  // "daily at 00:30" or "cutoffs from FILE", for messages.
  std::string Describe() const;

 private:
  int minute_of_day_ = 0;
  std::optional<std::filesystem::path> file_;
  std::map<std::string, int64_t> cutoffs_;  // listed ones, by date
};

// "2024-01-02 00:30:00.000000 UTC"-like local text of a UTC microsecond time, for messages.
std::string FormatMicrosLocal(int64_t micros);

}  // namespace strata
