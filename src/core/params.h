#pragma once
// DataWorks-style scheduling parameters: SQL and file names written once,
// with dates filled in per scheduled instance. Two bases, as in DataWorks:
//   ${...}  counts from the business date (bizdate, day precision), in years,
//           months or days depending on the finest field shown;
//   $[...]  counts from the scheduled time (cyctime, second precision), in
//           days, with N/24 for hours and N/24/60 for minutes, plus
//           $[add_months(pattern,N)] for months.
// Built-ins: $bizdate, $cyctime, $gmtdate, $bizmonth, ${bizdate},
// ${bdp.system.bizdate}, ${bdp.system.cyctime}. Anything else that looks like
// an expression but is not understood is an error, never passed through.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/civil_time.h"

namespace strata {

// The instance a text is being rendered for. bizdate carries no time of day
// (00:00:00); cyctime is the instance's scheduled time, normally bizdate + 1
// day. `custom` holds node-level parameters, name -> value; a value may itself
// hold built-in expressions, which are substituted (once, without custom
// names) when the name is used.
struct ParamContext {
  CivilTime bizdate;
  CivilTime cyctime;
  std::vector<std::pair<std::string, std::string>> custom;

  // A daily instance for business date `bizdate`, scheduled at hh:mm:ss on the
  // following day. Throws strata::Error for an invalid date or time of day.
  static ParamContext ForBizdate(const CivilTime& bizdate, int hour = 0, int minute = 0,
                                 int second = 0);
};

// Returns `text` with every parameter expression replaced. Custom names are
// looked up before built-ins and patterns, so a node can deliberately override
// them. A '$' followed by a digit, space, quote, another '$', other punctuation
// or the end of the text is copied as is ("$1", "$$" in SQL). Throws
// strata::Error naming the expression exactly as written, e.g.
// "unknown scheduling parameter '${yyyymmddx}'", for an unknown name or
// pattern, a malformed offset, a missing closing bracket, or a date outside
// years 1..9999.
std::string SubstituteParams(std::string_view text, const ParamContext& ctx);

}  // namespace strata
