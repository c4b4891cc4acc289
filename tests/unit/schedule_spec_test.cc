#include "schedule/schedule_spec.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "schedule/cron_expression.h"

namespace strata {
namespace {

CivilTime T(int y, int mo, int d, int h = 0, int mi = 0) {
  return {y, mo, d, h, mi, 0};
}

TEST(CronExpression, FieldsListsRangesAndSteps) {
  auto c = CronExpression::Parse("*/15 2,14 * * mon-fri");
  EXPECT_TRUE(c.Matches(T(2016, 11, 14, 2, 30)));  // Monday
  EXPECT_FALSE(c.Matches(T(2016, 11, 14, 2, 31)));
  EXPECT_FALSE(c.Matches(T(2016, 11, 13, 14, 0)));  // Sunday
  EXPECT_TRUE(c.Matches(T(2016, 11, 18, 14, 45)));  // Friday
  EXPECT_FALSE(c.Matches(T(2016, 11, 18, 3, 0)));
}

TEST(CronExpression, DayOfMonthOrWeekdayWhenBothRestricted) {
  auto c = CronExpression::Parse("0 0 1 * 0");  // the 1st, or any Sunday
  EXPECT_TRUE(c.Matches(T(2016, 11, 1)));       // Tuesday the 1st
  EXPECT_TRUE(c.Matches(T(2016, 11, 13)));      // Sunday
  EXPECT_FALSE(c.Matches(T(2016, 11, 14)));
  EXPECT_TRUE(CronExpression::Parse("0 0 * * 7").Matches(T(2016, 11, 13)));  // 7 is Sunday too
}

TEST(CronExpression, ErrorsNameTheField) {
  for (auto [text, part] : {std::pair{"0 0 * *", "5 fields"},
                            {"61 0 * * *", "minute"},
                            {"0 24 * * *", "hour"},
                            {"0 0 0 * *", "day"},
                            {"0 0 * 13 *", "month"},
                            {"0 0 * * fun", "weekday"},
                            {"5-1 0 * * *", "backwards"}}) {
    try {
      CronExpression::Parse(text);
      ADD_FAILURE() << text;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  }
}

TEST(Weekday, KnownDates) {
  EXPECT_EQ(Weekday(T(1970, 1, 1)), 4);    // Thursday
  EXPECT_EQ(Weekday(T(2016, 11, 15)), 2);  // Tuesday
  EXPECT_EQ(Weekday(T(1969, 12, 28)), 0);  // Sunday before the epoch
}

TEST(ScheduleSpec, DailyIsOneCycleTheNextDay) {
  ScheduleSpec s;
  s.hour = 2;
  s.minute = 30;
  auto c = CyclesForBizdate(s, T(2016, 2, 28));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scheduled, T(2016, 2, 29, 2, 30));
  EXPECT_FALSE(c[0].dry_run);
}

TEST(ScheduleSpec, HourlyIsTwentyFour) {
  ScheduleSpec s;
  s.every = ScheduleSpec::Every::kHour;
  s.minute = 15;
  auto c = CyclesForBizdate(s, T(2016, 12, 31));
  ASSERT_EQ(c.size(), 24u);
  EXPECT_EQ(c.front().scheduled, T(2017, 1, 1, 0, 15));
  EXPECT_EQ(c.back().scheduled, T(2017, 1, 1, 23, 15));
}

TEST(ScheduleSpec, WeeklyAndMonthlyDryRunOnOffDays) {
  ScheduleSpec w;
  w.every = ScheduleSpec::Every::kWeek;
  w.weekday = 2;                                                  // Tuesday
  EXPECT_FALSE(CyclesForBizdate(w, T(2016, 11, 14))[0].dry_run);  // runs Tue 15th
  EXPECT_TRUE(CyclesForBizdate(w, T(2016, 11, 15))[0].dry_run);
  ScheduleSpec m;
  m.every = ScheduleSpec::Every::kMonth;
  m.monthday = 31;                                               // clamps to the month's last day
  EXPECT_FALSE(CyclesForBizdate(m, T(2016, 2, 28))[0].dry_run);  // runs Feb 29th
  EXPECT_TRUE(CyclesForBizdate(m, T(2016, 2, 27))[0].dry_run);
  EXPECT_FALSE(CyclesForBizdate(m, T(2016, 3, 30))[0].dry_run);  // runs Mar 31st
}

TEST(ScheduleSpec, CronCyclesAreItsFiringsThatDay) {
  ScheduleSpec s;
  s.every = ScheduleSpec::Every::kCron;
  s.cron = "0 */6 * * *";
  auto c = CyclesForBizdate(s, T(2016, 11, 14));
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[3].scheduled, T(2016, 11, 15, 18, 0));
  s.cron = "0 0 1 1 *";  // once a year
  EXPECT_TRUE(CyclesForBizdate(s, T(2016, 11, 14)).empty());
  EXPECT_EQ(CyclesForBizdate(s, T(2016, 12, 31)).size(), 1u);
}

}  // namespace
}  // namespace strata
