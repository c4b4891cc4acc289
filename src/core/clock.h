#pragma once
// The process's notion of "now", injectable so tests can run a month of
// schedule in seconds. Every piece of strata that stamps or compares times
// (the catalog's last-modified, instance start/end, the scheduler) asks
// Now(), never the system directly. Times are Unix seconds (UTC); local
// civil time follows the process time zone (TZ), which the project sets.
//
// STRATA_NOW=2016-11-15T00:00:00 (local time) fixes the clock at start-up;
// the scheduler's simulated mode moves it with AdvanceTo. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_time.h"

namespace strata {

class Clock {
 public:
  // Seconds since 1970-01-01T00:00:00Z.
  static int64_t Now();
  // Replaces the system clock with a fixed instant (until Reset).
  static void Fix(int64_t unix_seconds);
  // Moves a fixed clock forward to `unix_seconds` (never backwards).
  static void AdvanceTo(int64_t unix_seconds);
  static bool IsFixed();
  static void Reset();
  // Applies STRATA_NOW if set; throws strata::Error naming a malformed value.
  static void InitFromEnvironment();
};

// Local civil time <-> Unix seconds in the process time zone.
CivilTime ToLocal(int64_t unix_seconds);
int64_t FromLocal(const CivilTime& local);
// "2016-11-15T00:00:00" or "2016-11-15 00:00:00" (local); nullopt if malformed.
std::optional<CivilTime> ParseLocalDateTime(std::string_view text);
// "2016-11-15 00:00:00".
std::string FormatLocal(int64_t unix_seconds);
// The business date of a run started now: yesterday, local time, at 00:00.
CivilTime CurrentBizdate();
// Sets the process time zone (an IANA name such as "Asia/Shanghai");
// throws strata::Error if the zone is unknown.
void SetProcessTimeZone(const std::string& zone);

}  // namespace strata
