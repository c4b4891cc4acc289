#include "core/params.h"

#include <cstdint>
#include <cstdio>
#include <optional>

#include "core/error.h"

namespace strata {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
// About 10,000 years: anything larger cannot land inside years 1..9999, and
// bounding it first keeps the date arithmetic far from integer overflow.
constexpr int64_t kMaxOffsetDays = 3'700'000;
constexpr size_t kExcerptLimit = 40;

[[noreturn]] void Fail(std::string_view kind, std::string_view expr, std::string_view why = {}) {
  std::string message = std::string(kind) + " scheduling parameter '" + std::string(expr) + "'";
  if (!why.empty()) message += ": " + std::string(why);
  throw Error(message);
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || IsDigit(c);
}
bool IsSeparator(char c) {
  return c == '-' || c == '/' || c == '_' || c == ':' || c == '.' || c == ' ';
}

// One signed term of an offset such as "-7*2" or "-1/24/60", as num/den days
// (or months, years) with den > 0.
struct Term {
  int64_t num = 0;
  int64_t den = 1;
};

// Reads 1..9 digits at s[*i]; nine digits keep every product checkable.
std::optional<int64_t> ReadInt(std::string_view s, size_t* i) {
  const size_t start = *i;
  int64_t value = 0;
  while (*i < s.size() && IsDigit(s[*i]) && *i - start < 9) value = value * 10 + (s[(*i)++] - '0');
  if (*i == start || (*i < s.size() && IsDigit(s[*i]))) return std::nullopt;
  return value;
}

// Parses one term at s[*i]: sign, integer, then any "*k" or "/k".
std::optional<Term> ReadTerm(std::string_view s, size_t* i) {
  if (*i >= s.size() || (s[*i] != '+' && s[*i] != '-')) return std::nullopt;
  const int64_t sign = s[(*i)++] == '-' ? -1 : 1;
  std::optional<int64_t> first = ReadInt(s, i);
  if (!first) return std::nullopt;
  Term term{sign * *first, 1};
  while (*i < s.size() && (s[*i] == '*' || s[*i] == '/')) {
    const char op = s[(*i)++];
    std::optional<int64_t> k = ReadInt(s, i);
    if (!k || (op == '/' && *k == 0)) return std::nullopt;
    int64_t* target = op == '*' ? &term.num : &term.den;
    if (__builtin_mul_overflow(*target, *k, target)) return std::nullopt;
  }
  return term;
}

// "-1", "+7*2", "-1-1/24": a sum of terms. Nullopt on any stray character.
std::optional<std::vector<Term>> ParseOffset(std::string_view s) {
  std::vector<Term> terms;
  size_t i = 0;
  while (i < s.size()) {
    std::optional<Term> term = ReadTerm(s, &i);
    if (!term) return std::nullopt;
    terms.push_back(*term);
  }
  if (terms.empty()) return std::nullopt;
  return terms;
}

// Adds num * scale / den to *total; false unless exact and within bounds.
bool AddScaled(const Term& term, int64_t scale, int64_t limit, int64_t* total) {
  int64_t scaled = 0;
  if (__builtin_mul_overflow(term.num, scale, &scaled) || scaled % term.den != 0) return false;
  *total += scaled / term.den;
  return *total >= -limit && *total <= limit;
}

// The offset as a whole number of units (${...} and add_months count whole
// years, months or days only).
int64_t WholeUnits(std::string_view expr, std::string_view offset) {
  std::optional<std::vector<Term>> terms = ParseOffset(offset);
  if (!terms) Fail("malformed", expr, "bad offset '" + std::string(offset) + "'");
  int64_t total = 0;
  for (const Term& term : *terms) {
    if (term.num % term.den != 0) {
      Fail("malformed", expr,
           "the offset must be a whole number; use $[...] for hours and minutes");
    }
    if (!AddScaled(term, 1, kMaxOffsetDays, &total)) Fail("out-of-range", expr);
  }
  return total;
}

// The offset in seconds: $[...] counts in days, so N/24 is hours and N/24/60
// minutes.
int64_t OffsetSeconds(std::string_view expr, std::string_view offset) {
  std::optional<std::vector<Term>> terms = ParseOffset(offset);
  if (!terms) Fail("malformed", expr, "bad offset '" + std::string(offset) + "'");
  int64_t total = 0;
  for (const Term& term : *terms) {
    int64_t scaled = 0;
    if (__builtin_mul_overflow(term.num, kSecondsPerDay, &scaled)) Fail("out-of-range", expr);
    if (scaled % term.den != 0) Fail("malformed", expr, "the offset is not a whole second");
    if (!AddScaled(term, kSecondsPerDay, kMaxOffsetDays * kSecondsPerDay, &total)) {
      Fail("out-of-range", expr);
    }
  }
  return total;
}

// Splits "yyyy-mm-dd-1" into pattern "yyyy-mm-dd" and offset "-1". A sign
// followed by a digit starts the offset: no pattern token begins with a digit,
// so a separator '-' is always followed by a letter.
std::pair<std::string_view, std::string_view> SplitOffset(std::string_view body) {
  for (size_t i = 1; i + 1 < body.size(); ++i) {
    if ((body[i] == '+' || body[i] == '-') && IsDigit(body[i + 1])) {
      return {body.substr(0, i), body.substr(i)};
    }
  }
  return {body, {}};
}

// The pattern's finest field, or nullopt if it is not a pattern. Leading or
// trailing separators ("yyyymmdd-") are typos of an offset, not formats.
std::optional<TimeField> PatternField(std::string_view pattern) {
  if (pattern.empty() || IsSeparator(pattern.front()) || IsSeparator(pattern.back())) {
    return std::nullopt;
  }
  return FinestField(pattern);
}

std::string Render(std::string_view expr, const CivilTime& t, std::string_view pattern) {
  if (t.year < 1 || t.year > 9999)
    Fail("out-of-range", expr, "the date falls outside years 1..9999");
  std::optional<std::string> out = t.Format(pattern);
  if (!out) Fail("unknown", expr);
  return *out;
}

std::string CycTime(const ParamContext& ctx) {
  return *ctx.cyctime.Format("yyyymmddhh24miss");
}

// DataWorks: the business month, except that while the business date is still
// in the month the instance runs in, that month is not over yet, so the
// previous month is reported.
std::string BizMonth(const ParamContext& ctx) {
  CivilTime month = ctx.bizdate;
  if (month.year == ctx.cyctime.year && month.month == ctx.cyctime.month) {
    month = month.AddMonths(-1);
  }
  return *month.Format("yyyymm");
}

const std::string* FindCustom(const ParamContext& ctx, std::string_view name) {
  for (const auto& [key, value] : ctx.custom) {
    if (key == name) return &value;
  }
  return nullptr;
}

// Custom values are expanded without custom names, so parameters cannot refer
// to each other and no cycle is possible.
std::string ExpandCustom(std::string_view expr, const std::string& value, const ParamContext& ctx) {
  const ParamContext builtins_only{ctx.bizdate, ctx.cyctime, {}};
  try {
    return SubstituteParams(value, builtins_only);
  } catch (const Error& e) {
    throw Error("in custom parameter '" + std::string(expr) + "': " + e.what());
  }
}

std::string ExpandBare(std::string_view expr, std::string_view name, const ParamContext& ctx) {
  if (const std::string* value = FindCustom(ctx, name)) return ExpandCustom(expr, *value, ctx);
  if (name == "bizdate") return ctx.bizdate.FormatYmd();
  if (name == "cyctime") return CycTime(ctx);
  if (name == "gmtdate") return ctx.cyctime.FormatYmd();
  if (name == "bizmonth") return BizMonth(ctx);
  Fail("unknown", expr);
}

std::string ExpandBrace(std::string_view expr, std::string_view body, const ParamContext& ctx) {
  if (const std::string* value = FindCustom(ctx, body)) return ExpandCustom(expr, *value, ctx);
  if (body == "bizdate" || body == "bdp.system.bizdate") return ctx.bizdate.FormatYmd();
  if (body == "bdp.system.cyctime") return CycTime(ctx);
  const auto [pattern, offset] = SplitOffset(body);
  const std::optional<TimeField> field = PatternField(pattern);
  if (!field) Fail("unknown", expr);
  if (*field > TimeField::kDay) {
    Fail("unknown", expr, "${...} has day precision; use $[...] for hours, minutes and seconds");
  }
  // The unit follows the finest field shown: ${yyyy-1} is a year back,
  // ${yyyymm-1} a month, ${yyyymmdd-1} a day.
  const int64_t n = offset.empty() ? 0 : WholeUnits(expr, offset);
  CivilTime t = ctx.bizdate;
  if (*field == TimeField::kYear) {
    t = t.AddMonths(n * 12);
  } else if (*field == TimeField::kMonth) {
    t = t.AddMonths(n);
  } else {
    t = t.AddDays(n);
  }
  return Render(expr, t, pattern);
}

// $[add_months(pattern,N)]: N months from the scheduled time, day clamped to
// the month's end.
std::string ExpandAddMonths(std::string_view expr, std::string_view body, const ParamContext& ctx) {
  constexpr std::string_view kOpen = "add_months(";
  if (!body.ends_with(')')) Fail("malformed", expr, "missing ')'");
  const std::string_view args = body.substr(kOpen.size(), body.size() - kOpen.size() - 1);
  const size_t comma = args.rfind(',');
  if (comma == std::string_view::npos) Fail("malformed", expr, "expected add_months(pattern,N)");
  const std::string_view pattern = args.substr(0, comma);
  std::string months(args.substr(comma + 1));
  while (!months.empty() && months.front() == ' ') months.erase(0, 1);
  if (!months.empty() && IsDigit(months.front())) months.insert(0, "+");
  if (!PatternField(pattern)) Fail("unknown", expr);
  return Render(expr, ctx.cyctime.AddMonths(WholeUnits(expr, months)), pattern);
}

std::string ExpandBracket(std::string_view expr, std::string_view body, const ParamContext& ctx) {
  if (body.starts_with("add_months(")) return ExpandAddMonths(expr, body, ctx);
  const auto [pattern, offset] = SplitOffset(body);
  if (!PatternField(pattern)) Fail("unknown", expr);
  const int64_t seconds = offset.empty() ? 0 : OffsetSeconds(expr, offset);
  return Render(expr, ctx.cyctime.AddSeconds(seconds), pattern);
}

// The start of an unterminated expression, cut at the line end, for messages.
std::string Excerpt(std::string_view rest) {
  rest = rest.substr(0, rest.find('\n'));
  if (rest.size() <= kExcerptLimit) return std::string(rest);
  return std::string(rest.substr(0, kExcerptLimit)) + "...";
}

// Expands the expression starting at text[pos] == '$' into *out; returns how
// many characters of `text` it used.
size_t ExpandAt(std::string_view text, size_t pos, const ParamContext& ctx, std::string* out) {
  const char next = pos + 1 < text.size() ? text[pos + 1] : '\0';
  if (next == '{' || next == '[') {
    const char close = next == '{' ? '}' : ']';
    // Expressions never span lines, so a bracket missing on this line is
    // reported here rather than matched against a later line's.
    const size_t end = text.find_first_of(std::string{close, '\n'}, pos + 2);
    if (end == std::string_view::npos || text[end] == '\n') {
      Fail("unterminated", Excerpt(text.substr(pos)), std::string("missing '") + close + "'");
    }
    const std::string_view expr = text.substr(pos, end - pos + 1);
    const std::string_view body = expr.substr(2, expr.size() - 3);
    *out += next == '{' ? ExpandBrace(expr, body, ctx) : ExpandBracket(expr, body, ctx);
    return expr.size();
  }
  if (IsNameStart(next)) {
    size_t end = pos + 1;
    while (end < text.size() && IsNameChar(text[end])) ++end;
    const std::string_view expr = text.substr(pos, end - pos);
    *out += ExpandBare(expr, expr.substr(1), ctx);
    return expr.size();
  }
  // "$$" is kept whole so its second '$' cannot start an expression.
  const size_t used = next == '$' ? 2 : 1;
  out->append(text.substr(pos, used));
  return used;
}

}  // namespace

ParamContext ParamContext::ForBizdate(const CivilTime& bizdate, int hour, int minute, int second) {
  ParamContext ctx;
  ctx.bizdate = CivilTime{bizdate.year, bizdate.month, bizdate.day};
  ctx.cyctime = ctx.bizdate.AddDays(1);
  if (!ctx.bizdate.IsValid() || ctx.bizdate.year < 1 || ctx.cyctime.year > 9999) {
    throw Error("invalid business date " + ctx.bizdate.FormatYmd());
  }
  ctx.cyctime.hour = hour;
  ctx.cyctime.minute = minute;
  ctx.cyctime.second = second;
  if (!ctx.cyctime.IsValid()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", hour, minute, second);
    throw Error(std::string("invalid scheduled time of day ") + buf);
  }
  return ctx;
}

std::string SubstituteParams(std::string_view text, const ParamContext& ctx) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t dollar = text.find('$', pos);
    if (dollar == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, dollar - pos));
    pos = dollar + ExpandAt(text, dollar, ctx, &out);
  }
  return out;
}

}  // namespace strata
