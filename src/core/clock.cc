#include "core/clock.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "core/error.h"

namespace strata {
namespace {

std::atomic<bool> g_fixed{false};
std::atomic<int64_t> g_now{0};

}  // namespace

int64_t Clock::Now() {
  if (g_fixed.load()) return g_now.load();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Clock::Fix(int64_t unix_seconds) {
  g_now.store(unix_seconds);
  g_fixed.store(true);
}

void Clock::AdvanceTo(int64_t unix_seconds) {
  int64_t cur = g_now.load();
  while (unix_seconds > cur && !g_now.compare_exchange_weak(cur, unix_seconds)) {
  }
}

bool Clock::IsFixed() {
  return g_fixed.load();
}
void Clock::Reset() {
  g_fixed.store(false);
}

void Clock::InitFromEnvironment() {
  const char* now = std::getenv("STRATA_NOW");
  if (!now || !*now) return;
  auto t = ParseLocalDateTime(now);
  if (!t)
    throw Error(std::string("STRATA_NOW '") + now + "' is not a time like 2016-11-15T00:00:00");
  Fix(FromLocal(*t));
}

CivilTime ToLocal(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
}

CivilTime CurrentBizdate() {
  CivilTime today = ToLocal(Clock::Now());
  today.hour = today.minute = today.second = 0;
  return today.AddDays(-1);
}

int64_t FromLocal(const CivilTime& c) {
  std::tm tm{};
  tm.tm_year = c.year - 1900;
  tm.tm_mon = c.month - 1;
  tm.tm_mday = c.day;
  tm.tm_hour = c.hour;
  tm.tm_min = c.minute;
  tm.tm_sec = c.second;
  tm.tm_isdst = -1;  // a local time in a DST gap or overlap resolves as mktime does
  return static_cast<int64_t>(std::mktime(&tm));
}

std::optional<CivilTime> ParseLocalDateTime(std::string_view s) {
  if (s.size() != 19 || (s[10] != 'T' && s[10] != ' ') || s[4] != '-' || s[7] != '-' ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  CivilTime t{num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)};
  if (!t.IsValid()) return std::nullopt;
  return t;
}

std::string FormatLocal(int64_t unix_seconds) {
  return *ToLocal(unix_seconds).Format("yyyy-mm-dd hh24:mi:ss");
}

void SetProcessTimeZone(const std::string& zone) {
  // A folder such as "Asia" exists too, but glibc would quietly take it as UTC.
  // A name the file system cannot look up (too long) is no zone either.
  std::error_code error;
  if (zone.empty() || zone.find("..") != std::string::npos ||
      !std::filesystem::is_regular_file("/usr/share/zoneinfo/" + zone, error))
    throw Error("unknown time zone '" + zone + "' (expected an IANA name like Asia/Shanghai)");
  setenv("TZ", zone.c_str(), 1);
  tzset();
}

}  // namespace strata
