// CaptureCalendar: a change belongs to the first date whose cutoff is after
// its commit time, for a daily schedule (in a zone with a DST change) and
// for listed cutoffs; CaptureState survives its JSON and names a damaged one.

#include "sync/capture/capture_calendar.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/clock.h"
#include "core/error.h"
#include "sync/capture/capture_state.h"

namespace strata {
namespace {

constexpr int64_t kSecond = 1000000;

class ZoneGuard {
 public:
  explicit ZoneGuard(const char* zone) {
    const char* tz = std::getenv("TZ");
    if (tz) old_ = tz;
    SetProcessTimeZone(zone);
  }
  ~ZoneGuard() {
    if (old_.empty()) {
      ::unsetenv("TZ");
      tzset();
    } else {
      SetProcessTimeZone(old_);
    }
  }

 private:
  std::string old_;
};

TEST(CaptureCalendar, DailyCutoffSplitsDatesToTheMicrosecond) {
  ZoneGuard zone("UTC");
  CaptureCalendar c = CaptureCalendar::Daily(0, 30);
  int64_t cut = *c.CutoffOf("20240101");
  EXPECT_EQ(cut, 1704155400 * kSecond);  // 2024-01-02 00:30:00 UTC
  EXPECT_EQ(*c.DateOf(cut - 1), "20240101");
  EXPECT_EQ(*c.DateOf(cut), "20240102");
  EXPECT_EQ(*c.DateOf(cut - 86400 * kSecond), "20240101");
  EXPECT_EQ(*c.DateOf(cut - 86400 * kSecond - 1), "20231231");
  EXPECT_FALSE(c.LastCutoff());
  EXPECT_EQ(c.Describe(), "daily at 00:30");
}

TEST(CaptureCalendar, DailyCutoffFollowsLocalTimeAcrossDst) {
  ZoneGuard zone("Europe/Berlin");
  CaptureCalendar c = CaptureCalendar::Daily(2, 30);
  // 2024-03-31 has no 02:30 in Berlin; the day before it is 23 hours long.
  int64_t before = *c.CutoffOf("20240329");  // 2024-03-30 02:30 CET
  int64_t after = *c.CutoffOf("20240331");   // 2024-04-01 02:30 CEST
  EXPECT_EQ(before, 1711762200 * kSecond);
  EXPECT_EQ(after, 1711931400 * kSecond);
  for (int64_t t = before - 3600 * kSecond; t < after + 3600 * kSecond; t += 1800 * kSecond) {
    std::string ds = *c.DateOf(t);
    EXPECT_LT(t, *c.CutoffOf(ds)) << t;
    std::string prev = *c.DateOf(*c.CutoffOf(ds) - 1);
    EXPECT_EQ(prev, ds) << t;
  }
}

TEST(CaptureCalendar, ListedCutoffsAndTheirErrors) {
  auto file = std::filesystem::temp_directory_path() / "strata-cutoffs-test";
  std::ofstream(file) << "20240101 1000\n20240102 2000\n";
  CaptureCalendar c = CaptureCalendar::FromFile(file);
  EXPECT_EQ(*c.DateOf(999), "20240101");
  EXPECT_EQ(*c.DateOf(1000), "20240102");
  EXPECT_FALSE(c.DateOf(2000));  // no cutoff known yet
  EXPECT_FALSE(c.CutoffOf("20240103"));
  EXPECT_EQ(*c.LastCutoff(), 2000);
  std::ofstream(file, std::ios::app) << "2024-01-03 3000\n";
  try {
    CaptureCalendar::FromFile(file);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string() + ":3:"), std::string::npos) << e.what();
  }
  std::filesystem::remove(file);
}

TEST(CaptureState, JsonRoundTripAndDamage) {
  CaptureState s;
  s.position = {(3ULL << 32) | 1234, "binlog.000003:1234"};
  s.next_seq = 42;
  s.snapshot_ds = "20240101";
  s.last_commit_micros = 17;
  s.stored_micros = 18;
  std::optional<CaptureState> back = CaptureState::FromJson(s.ToJson(), "t");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->position.value, s.position.value);
  EXPECT_EQ(back->position.text, s.position.text);
  EXPECT_EQ(back->next_seq, 42);
  EXPECT_EQ(back->snapshot_ds, "20240101");
  EXPECT_EQ(back->last_commit_micros, 17);
  EXPECT_EQ(back->stored_micros, 18);
  EXPECT_FALSE(CaptureState::FromJson("", "t"));
  try {
    CaptureState::FromJson("{\"position\": 1}", "t_changes");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("t_changes"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace strata
