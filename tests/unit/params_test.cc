#include "core/params.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace strata {
namespace {

// Context for business date `ymd`, scheduled the next day at hh:mm:ss.
ParamContext Ctx(const char* ymd, int hh = 0, int mi = 0, int ss = 0) {
  return ParamContext::ForBizdate(*CivilTime::ParseYmd(ymd), hh, mi, ss);
}

std::string Sub(std::string_view text, const ParamContext& ctx) {
  return SubstituteParams(text, ctx);
}

// The message SubstituteParams throws; fails the test if it does not throw.
std::string ErrorOf(std::string_view text, const ParamContext& ctx) {
  try {
    const std::string out = SubstituteParams(text, ctx);
    ADD_FAILURE() << "no error for '" << text << "', got '" << out << "'";
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ParamContextTest, ForBizdateSchedulesNextDay) {
  const ParamContext ctx = Ctx("20161114", 2, 30, 15);
  EXPECT_EQ(ctx.bizdate, (CivilTime{2016, 11, 14}));
  EXPECT_EQ(ctx.cyctime, (CivilTime{2016, 11, 15, 2, 30, 15}));
  EXPECT_EQ(Ctx("20161231").cyctime, (CivilTime{2017, 1, 1}));
  EXPECT_EQ(Ctx("20160228").cyctime, (CivilTime{2016, 2, 29}));
  EXPECT_TRUE(ctx.custom.empty());
}

TEST(ParamContextTest, ForBizdateDropsTimeOfBizdate) {
  const ParamContext ctx = ParamContext::ForBizdate(CivilTime{2016, 11, 14, 9, 8, 7});
  EXPECT_EQ(ctx.bizdate, (CivilTime{2016, 11, 14}));
  EXPECT_EQ(ctx.cyctime, (CivilTime{2016, 11, 15}));
}

TEST(ParamContextTest, ForBizdateRejectsInvalidInput) {
  EXPECT_THROW(ParamContext::ForBizdate(CivilTime{2016, 2, 30}), Error);
  EXPECT_THROW(ParamContext::ForBizdate(CivilTime{2016, 11, 14}, 24), Error);
  EXPECT_THROW(ParamContext::ForBizdate(CivilTime{2016, 11, 14}, 0, 60), Error);
  EXPECT_THROW(ParamContext::ForBizdate(CivilTime{9999, 12, 31}), Error);
}

TEST(SubstituteParamsTest, BuiltInsWithoutBraces) {
  const ParamContext ctx = Ctx("20161114", 2, 30, 0);
  EXPECT_EQ(Sub("$bizdate", ctx), "20161114");
  EXPECT_EQ(Sub("$cyctime", ctx), "20161115023000");
  EXPECT_EQ(Sub("$gmtdate", ctx), "20161115");
  EXPECT_EQ(Sub("pt=$bizdate;", ctx), "pt=20161114;");
  EXPECT_EQ(Sub("dt='$bizdate' AND t<'$cyctime'", ctx), "dt='20161114' AND t<'20161115023000'");
  EXPECT_EQ(Sub("$bizdate$gmtdate", ctx), "2016111420161115");
}

TEST(SubstituteParamsTest, BraceBuiltIns) {
  const ParamContext ctx = Ctx("20161114", 2, 30, 0);
  EXPECT_EQ(Sub("${bizdate}", ctx), "20161114");
  EXPECT_EQ(Sub("${bdp.system.bizdate}", ctx), "20161114");
  EXPECT_EQ(Sub("${bdp.system.cyctime}", ctx), "20161115023000");
}

TEST(SubstituteParamsTest, BizMonthIsPreviousMonthWhileStillRunningInIt) {
  EXPECT_EQ(Sub("$bizmonth", Ctx("20161114")), "201610");  // runs 20161115
  EXPECT_EQ(Sub("$bizmonth", Ctx("20161130")), "201611");  // runs 20161201
  EXPECT_EQ(Sub("$bizmonth", Ctx("20160131")), "201601");  // runs 20160201
  EXPECT_EQ(Sub("$bizmonth", Ctx("20160115")), "201512");  // runs 20160116
  EXPECT_EQ(Sub("$bizmonth", Ctx("20161231")), "201612");  // runs 20170101
}

TEST(SubstituteParamsTest, BracePatternsUseBizdate) {
  const ParamContext ctx = Ctx("20161114", 8, 0, 0);
  EXPECT_EQ(Sub("${yyyymmdd}", ctx), "20161114");
  EXPECT_EQ(Sub("${yyyy-mm-dd}", ctx), "2016-11-14");
  EXPECT_EQ(Sub("${yyyy/mm/dd}", ctx), "2016/11/14");
  EXPECT_EQ(Sub("${yyyy_mm_dd}", ctx), "2016_11_14");
  EXPECT_EQ(Sub("${yyyymm}", ctx), "201611");
  EXPECT_EQ(Sub("${yyyy-mm}", ctx), "2016-11");
  EXPECT_EQ(Sub("${yyyy}", ctx), "2016");
  EXPECT_EQ(Sub("${yy}", ctx), "16");
  EXPECT_EQ(Sub("${mm}", ctx), "11");
  EXPECT_EQ(Sub("${dd}", ctx), "14");
  EXPECT_EQ(Sub("${mm}01", ctx), "1101");
  EXPECT_EQ(Sub("/data/${yyyy}/${mm}/${dd}/part.csv", ctx), "/data/2016/11/14/part.csv");
}

TEST(SubstituteParamsTest, BraceDayOffsetsCrossMonthEnds) {
  EXPECT_EQ(Sub("${yyyymmdd-1}", Ctx("20160301")), "20160229");
  EXPECT_EQ(Sub("${yyyy-mm-dd-1}", Ctx("20160301")), "2016-02-29");
  EXPECT_EQ(Sub("${dd-1}", Ctx("20160301")), "29");
  EXPECT_EQ(Sub("${yyyymmdd+1}", Ctx("20160301")), "20160302");
  EXPECT_EQ(Sub("${yyyymmdd-1}", Ctx("20150301")), "20150228");
  EXPECT_EQ(Sub("${yyyymmdd-1}", Ctx("21000301")), "21000228");
  EXPECT_EQ(Sub("${yyyymmdd-1}", Ctx("20000301")), "20000229");
  EXPECT_EQ(Sub("${yyyymmdd+1}", Ctx("20161231")), "20170101");
  EXPECT_EQ(Sub("${yyyymmdd-1}", Ctx("20170101")), "20161231");
  EXPECT_EQ(Sub("${yyyymmdd-1-1}", Ctx("20161114")), "20161112");
  EXPECT_EQ(Sub("${yyyymmdd-0}", Ctx("20161114")), "20161114");
}

TEST(SubstituteParamsTest, BraceWeekOffsets) {
  EXPECT_EQ(Sub("${yyyymmdd-7*2}", Ctx("20161114")), "20161031");
  EXPECT_EQ(Sub("${yyyymmdd+7*1}", Ctx("20161114")), "20161121");
  EXPECT_EQ(Sub("${yyyymmdd-7*1}", Ctx("20160307")), "20160229");
  EXPECT_EQ(Sub("${yyyy-mm-dd+7*3}", Ctx("20161220")), "2017-01-10");
}

TEST(SubstituteParamsTest, BraceMonthOffsetsWhenPatternEndsAtMonth) {
  EXPECT_EQ(Sub("${yyyymm-1}", Ctx("20161114")), "201610");
  EXPECT_EQ(Sub("${yyyymm-1}", Ctx("20160115")), "201512");
  EXPECT_EQ(Sub("${yyyy-mm-1}", Ctx("20160115")), "2015-12");
  EXPECT_EQ(Sub("${yyyymm+2}", Ctx("20161114")), "201701");
  EXPECT_EQ(Sub("${yyyymm-12}", Ctx("20161114")), "201511");
  EXPECT_EQ(Sub("${mm-1}", Ctx("20160115")), "12");
  EXPECT_EQ(Sub("${yyyymm-1}", Ctx("20160331")), "201602");
}

TEST(SubstituteParamsTest, BraceYearOffsetsWhenPatternEndsAtYear) {
  EXPECT_EQ(Sub("${yyyy-1}", Ctx("20161114")), "2015");
  EXPECT_EQ(Sub("${yyyy+1}", Ctx("20161231")), "2017");
  EXPECT_EQ(Sub("${yy+1}", Ctx("20161114")), "17");
  EXPECT_EQ(Sub("${yyyy-1}", Ctx("20160229")), "2015");
  EXPECT_EQ(Sub("${yy-17}", Ctx("20161114")), "99");
}

TEST(SubstituteParamsTest, BracketPatternsUseScheduledTime) {
  const ParamContext ctx = Ctx("20161114", 8, 5, 9);
  EXPECT_EQ(Sub("$[yyyymmdd]", ctx), "20161115");
  EXPECT_EQ(Sub("$[yyyymmdd-1]", ctx), "20161114");
  EXPECT_EQ(Sub("$[yyyy-mm-dd]", ctx), "2016-11-15");
  EXPECT_EQ(Sub("$[hh24miss]", ctx), "080509");
  EXPECT_EQ(Sub("$[hh24]", ctx), "08");
  EXPECT_EQ(Sub("$[mi]", ctx), "05");
  EXPECT_EQ(Sub("$[ss]", ctx), "09");
  EXPECT_EQ(Sub("$[yyyymmddhh24miss]", ctx), "20161115080509");
  EXPECT_EQ(Sub("$[yyyy-mm-dd hh24:mi:ss]", ctx), "2016-11-15 08:05:09");
  EXPECT_EQ(Sub("$[yyyymmdd+7*2]", ctx), "20161129");
  EXPECT_EQ(Sub("$[yyyymmdd-1]", Ctx("20160229")), "20160229");
}

TEST(SubstituteParamsTest, BracketHourAndMinuteOffsetsCrossMidnight) {
  const ParamContext ctx = Ctx("20161114");  // scheduled 2016-11-15 00:00:00
  EXPECT_EQ(Sub("$[hh24miss-1/24]", ctx), "230000");
  EXPECT_EQ(Sub("$[yyyymmddhh24miss-1/24]", ctx), "20161114230000");
  EXPECT_EQ(Sub("$[yyyymmddhh24-2/24]", ctx), "2016111422");
  EXPECT_EQ(Sub("$[hh24miss-15/24/60]", ctx), "234500");
  EXPECT_EQ(Sub("$[yyyymmddhh24mi-15/24/60]", ctx), "201611142345");
  EXPECT_EQ(Sub("$[hh24miss-1/24/60/60]", ctx), "235959");
  const ParamContext late = Ctx("20161114", 23, 30, 0);  // 2016-11-15 23:30:00
  EXPECT_EQ(Sub("$[hh24miss+1/24]", late), "003000");
  EXPECT_EQ(Sub("$[yyyymmdd+1/24]", late), "20161116");
  EXPECT_EQ(Sub("$[yyyymmddhh24mi+45/24/60]", late), "201611160015");
}

TEST(SubstituteParamsTest, BracketOffsetsCrossYearEnd) {
  const ParamContext ctx = Ctx("20161231");  // scheduled 2017-01-01 00:00:00
  EXPECT_EQ(Sub("$[yyyymmddhh24miss-1/24]", ctx), "20161231230000");
  EXPECT_EQ(Sub("$[yyyy-30/24/60]", ctx), "2016");
  EXPECT_EQ(Sub("$[yyyymmdd-1-1/24]", ctx), "20161230");
  EXPECT_EQ(Sub("$[yyyymmddhh24-1-1/24]", ctx), "2016123023");
  EXPECT_EQ(Sub("$[yyyymmdd-1]", ctx), "20161231");
}

TEST(SubstituteParamsTest, AddMonthsClampsToMonthEnd) {
  const ParamContext ctx = Ctx("20160330");  // scheduled 2016-03-31
  EXPECT_EQ(Sub("$[add_months(yyyymmdd,-1)]", ctx), "20160229");
  EXPECT_EQ(Sub("$[add_months(yyyy-mm-dd,-1)]", ctx), "2016-02-29");
  EXPECT_EQ(Sub("$[add_months(yyyymmdd,-12)]", ctx), "20150331");
  EXPECT_EQ(Sub("$[add_months(yyyymmdd,-12*1)]", ctx), "20150331");
  EXPECT_EQ(Sub("$[add_months(yyyymmdd,1)]", ctx), "20160430");
  EXPECT_EQ(Sub("$[add_months(yyyymmdd,+11)]", ctx), "20170228");
  EXPECT_EQ(Sub("$[add_months(yyyymm,-3)]", ctx), "201512");
  EXPECT_EQ(Sub("$[add_months(yyyymmdd, -1)]", ctx), "20160229");
  EXPECT_EQ(Sub("$[add_months(yyyymmddhh24,-1)]", Ctx("20160330", 6)), "2016022906");
}

TEST(SubstituteParamsTest, CustomParams) {
  ParamContext ctx = Ctx("20161114");
  ctx.custom = {{"dt", "$bizdate"},
                {"yesterday", "$[yyyymmdd-1]"},
                {"region", "cn-hangzhou"},
                {"month_start", "${yyyymm}01"},
                {"yyyymmdd", "shadowed"}};
  EXPECT_EQ(Sub("pt=${dt}", ctx), "pt=20161114");
  EXPECT_EQ(Sub("${yesterday}", ctx), "20161114");
  EXPECT_EQ(Sub("${region}/${dt}", ctx), "cn-hangzhou/20161114");
  EXPECT_EQ(Sub("${month_start}", ctx), "20161101");
  EXPECT_EQ(Sub("${yyyymmdd}", ctx), "shadowed");
  EXPECT_EQ(Sub("$dt", ctx), "20161114");
  EXPECT_EQ(Sub("${yyyymmdd-1}", ctx), "20161113");
}

TEST(SubstituteParamsTest, CustomValueIsSubstitutedOnlyOnce) {
  ParamContext ctx = Ctx("20161114");
  ctx.custom = {{"a", "${b}"}, {"b", "x"}, {"self", "${self}"}};
  EXPECT_EQ(ErrorOf("${a}", ctx),
            "in custom parameter '${a}': unknown scheduling parameter '${b}'");
  EXPECT_EQ(ErrorOf("$self", ctx),
            "in custom parameter '$self': unknown scheduling parameter '${self}'");
}

TEST(SubstituteParamsTest, CustomValueErrorsNameBothExpressions) {
  ParamContext ctx = Ctx("20161114");
  ctx.custom = {{"bad", "$[yyyymmdd-x]"}};
  EXPECT_EQ(ErrorOf("${bad}", ctx),
            "in custom parameter '${bad}': unknown scheduling parameter '$[yyyymmdd-x]'");
}

TEST(SubstituteParamsTest, LeavesNonParameterDollarsAlone) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(Sub("", ctx), "");
  EXPECT_EQ(Sub("no parameters here", ctx), "no parameters here");
  EXPECT_EQ(Sub("SELECT $1, $2 FROM t", ctx), "SELECT $1, $2 FROM t");
  EXPECT_EQ(Sub("$$ body $$", ctx), "$$ body $$");
  EXPECT_EQ(Sub("$$bizdate", ctx), "$$bizdate");
  EXPECT_EQ(Sub("cost $ 5", ctx), "cost $ 5");
  EXPECT_EQ(Sub("'$' \"$\"", ctx), "'$' \"$\"");
  EXPECT_EQ(Sub("ends with $", ctx), "ends with $");
  EXPECT_EQ(Sub("$(x) $. $-", ctx), "$(x) $. $-");
  EXPECT_EQ(Sub("$1$bizdate", ctx), "$120161114");
}

TEST(SubstituteParamsTest, UnknownExpressionsAreErrors) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(ErrorOf("${yyyymmddx}", ctx), "unknown scheduling parameter '${yyyymmddx}'");
  EXPECT_EQ(ErrorOf("$foo", ctx), "unknown scheduling parameter '$foo'");
  EXPECT_EQ(ErrorOf("$bizdatex", ctx), "unknown scheduling parameter '$bizdatex'");
  EXPECT_EQ(ErrorOf("$_x", ctx), "unknown scheduling parameter '$_x'");
  EXPECT_EQ(ErrorOf("${}", ctx), "unknown scheduling parameter '${}'");
  EXPECT_EQ(ErrorOf("$[]", ctx), "unknown scheduling parameter '$[]'");
  EXPECT_EQ(ErrorOf("${YYYYMMDD}", ctx), "unknown scheduling parameter '${YYYYMMDD}'");
  EXPECT_EQ(ErrorOf("${yyyymmdd-}", ctx), "unknown scheduling parameter '${yyyymmdd-}'");
  EXPECT_EQ(ErrorOf("${yyyymmdd--1}", ctx), "unknown scheduling parameter '${yyyymmdd--1}'");
  EXPECT_EQ(ErrorOf("${yyyymmdd - 1}", ctx), "unknown scheduling parameter '${yyyymmdd - 1}'");
  EXPECT_EQ(ErrorOf("$[yyyymmddhh]", ctx), "unknown scheduling parameter '$[yyyymmddhh]'");
  EXPECT_EQ(ErrorOf("$[cyctime]", ctx), "unknown scheduling parameter '$[cyctime]'");
  EXPECT_EQ(ErrorOf("$[add_months(yyyymmddx,-1)]", ctx),
            "unknown scheduling parameter '$[add_months(yyyymmddx,-1)]'");
  EXPECT_EQ(ErrorOf("where dt = '${yyyymmddx}' and $bizdate", ctx),
            "unknown scheduling parameter '${yyyymmddx}'");
}

TEST(SubstituteParamsTest, BraceRejectsTimeOfDay) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(ErrorOf("${hh24}", ctx),
            "unknown scheduling parameter '${hh24}': ${...} has day precision; use $[...] "
            "for hours, minutes and seconds");
  EXPECT_EQ(ErrorOf("${yyyymmdd-1/24}", ctx),
            "malformed scheduling parameter '${yyyymmdd-1/24}': the offset must be a whole "
            "number; use $[...] for hours and minutes");
}

TEST(SubstituteParamsTest, MalformedOffsetsAreErrors) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(ErrorOf("${yyyymmdd-1x}", ctx),
            "malformed scheduling parameter '${yyyymmdd-1x}': bad offset '-1x'");
  EXPECT_EQ(ErrorOf("$[yyyymmdd-1/0]", ctx),
            "malformed scheduling parameter '$[yyyymmdd-1/0]': bad offset '-1/0'");
  EXPECT_EQ(ErrorOf("$[yyyymmdd-1*]", ctx),
            "malformed scheduling parameter '$[yyyymmdd-1*]': bad offset '-1*'");
  EXPECT_EQ(ErrorOf("$[hh24miss-1/7]", ctx),
            "malformed scheduling parameter '$[hh24miss-1/7]': the offset is not a whole second");
  EXPECT_EQ(ErrorOf("${yyyymmdd-1234567890}", ctx),
            "malformed scheduling parameter '${yyyymmdd-1234567890}': bad offset '-1234567890'");
}

TEST(SubstituteParamsTest, MalformedAddMonthsIsAnError) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(ErrorOf("$[add_months(yyyymmdd)]", ctx),
            "malformed scheduling parameter '$[add_months(yyyymmdd)]': expected "
            "add_months(pattern,N)");
  EXPECT_EQ(ErrorOf("$[add_months(yyyymmdd,-1]", ctx),
            "malformed scheduling parameter '$[add_months(yyyymmdd,-1]': missing ')'");
  EXPECT_EQ(ErrorOf("$[add_months(yyyymmdd,x)]", ctx),
            "malformed scheduling parameter '$[add_months(yyyymmdd,x)]': bad offset 'x'");
  EXPECT_EQ(ErrorOf("$[add_months(yyyymmdd,-1/2)]", ctx),
            "malformed scheduling parameter '$[add_months(yyyymmdd,-1/2)]': the offset must be "
            "a whole number; use $[...] for hours and minutes");
}

TEST(SubstituteParamsTest, UnterminatedExpressionsAreErrors) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(ErrorOf("${yyyymmdd", ctx),
            "unterminated scheduling parameter '${yyyymmdd': missing '}'");
  EXPECT_EQ(ErrorOf("dt=$[yyyymmdd\nnext line]", ctx),
            "unterminated scheduling parameter '$[yyyymmdd': missing ']'");
  EXPECT_EQ(ErrorOf("${", ctx), "unterminated scheduling parameter '${': missing '}'");
  EXPECT_EQ(ErrorOf("$[yyyymmdd then a very long tail of unrelated text", ctx),
            "unterminated scheduling parameter '$[yyyymmdd then a very long tail of unre...': "
            "missing ']'");
}

TEST(SubstituteParamsTest, DatesOutsideYearRangeAreErrors) {
  const ParamContext ctx = Ctx("20161114");
  EXPECT_EQ(ErrorOf("${yyyy-9999}", ctx),
            "out-of-range scheduling parameter '${yyyy-9999}': the date falls outside years "
            "1..9999");
  EXPECT_EQ(ErrorOf("$[yyyymmdd-999999999]", ctx),
            "out-of-range scheduling parameter '$[yyyymmdd-999999999]'");
  EXPECT_EQ(ErrorOf("${yyyymmdd+999999999*999999999}", ctx),
            "out-of-range scheduling parameter '${yyyymmdd+999999999*999999999}'");
}

}  // namespace
}  // namespace strata
