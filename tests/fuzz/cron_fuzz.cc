// Fuzzes CronExpression::Parse, which reads `schedule: { cron: "..." }`, and
// Matches on what it accepts.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "schedule/cron_expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    strata::CronExpression cron = strata::CronExpression::Parse(text);
    // The extremes of every field: the first and last minute of a leap day
    // and of the year.
    for (const strata::CivilTime& t :
         {strata::CivilTime{2016, 2, 29, 0, 0, 0}, strata::CivilTime{2016, 12, 31, 23, 59, 0}})
      cron.Matches(t);
  } catch (const strata::Error&) {
  }
  return 0;
}
