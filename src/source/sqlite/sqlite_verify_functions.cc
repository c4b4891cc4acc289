#include "source/sqlite/sqlite_verify_functions.h"

#include <fmt/format.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_time.h"
#include "core/decimal_text.h"
#include "core/error.h"
#include "core/exact_double_text.h"
#include "core/hash/lookup3_hash.h"
#include "core/hash/md5.h"
#include "core/value_parsers.h"

namespace strata {
namespace {

void ResultText(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

std::string_view BytesOf(sqlite3_value* v) {
  auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return std::string_view(p ? p : "", static_cast<size_t>(sqlite3_value_bytes(v)));
}

void PgHash(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  sqlite3_result_int64(ctx, Lookup3Hash64(BytesOf(argv[0])));
}

void Md5(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  ResultText(ctx, Md5Hex(BytesOf(argv[0])));
}

void DoubleText(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  ResultText(ctx, ExactDoubleText(sqlite3_value_double(argv[0])));
}

// SQLite's aggregate context (zeroed) is only 8-byte aligned, less than
// __int128 needs: the total is kept as bytes and copied in and out.
struct Sum {
  unsigned char total[sizeof(__int128)];
  bool any;
};

__int128 Total(const Sum& s) {
  __int128 v;
  std::memcpy(&v, s.total, sizeof v);
  return v;
}

void SumStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<Sum*>(sqlite3_aggregate_context(ctx, sizeof(Sum)));
  if (!s || sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  __int128 total = Total(*s) + sqlite3_value_int64(argv[0]);
  std::memcpy(s->total, &total, sizeof total);
  s->any = true;
}

void SumFinal(sqlite3_context* ctx) {
  auto* s = static_cast<Sum*>(sqlite3_aggregate_context(ctx, 0));
  if (!s || !s->any) return sqlite3_result_null(ctx);
  ResultText(ctx, Int128Text(Total(*s)));
}

// A value the sync rejects (a dirty record, not in the warehouse) shows as
// "!" and its text, which no canonical date, time or decimal starts with.
void Rejected(sqlite3_context* ctx, sqlite3_value* v) {
  auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  ResultText(ctx, "!" + std::string(p ? p : ""));
}

std::optional<std::string_view> TextOf(sqlite3_value* v) {
  if (sqlite3_value_type(v) != SQLITE_TEXT) return std::nullopt;  // numbers are rejected
  return BytesOf(v);
}

// As DuckDB casts a DATE to VARCHAR: "2016-11-14", "0044-03-15 (BC)".
std::string DateText(int32_t days) {
  CivilTime d = CivilTime::FromDays(days);
  int year = d.year > 0 ? d.year : 1 - d.year;
  return fmt::format("{:04}-{:02}-{:02}{}", year, d.month, d.day, d.year > 0 ? "" : " (BC)");
}

// A date or datetime: text the sync's parser `parse` takes, rendered by `render`.
template <typename Parse, typename Render>
void TimeCanon(sqlite3_context* ctx, sqlite3_value* v, Parse parse, Render render) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string why;
  std::optional<std::string_view> text = TextOf(v);
  auto parsed = text ? parse(*text, &why) : std::nullopt;
  if (!parsed) return Rejected(ctx, v);
  ResultText(ctx, render(*parsed));
}

void DateCanon(sqlite3_context* ctx, int, sqlite3_value** argv) {
  TimeCanon(ctx, argv[0], ParseDate, DateText);
}

void DatetimeCanon(sqlite3_context* ctx, int, sqlite3_value** argv) {
  TimeCanon(ctx, argv[0], ParseTimestamp, [](int64_t micros) { return std::to_string(micros); });
}

void DecimalCanon(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_value* v = argv[0];
  int precision = sqlite3_value_int(argv[1]), scale = sqlite3_value_int(argv[2]);
  std::string why;
  std::optional<__int128> unscaled;
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: return sqlite3_result_null(ctx);
    case SQLITE_INTEGER:
      unscaled = DecimalFromInteger(sqlite3_value_int64(v), precision, scale);
      break;
    case SQLITE_FLOAT:
      unscaled = DecimalFromDouble(sqlite3_value_double(v), precision, scale, &why);
      break;
    case SQLITE_TEXT: unscaled = ParseDecimal(*TextOf(v), precision, scale, &why); break;
    default: break;  // a blob
  }
  if (!unscaled) return Rejected(ctx, v);
  ResultText(ctx, DecimalText(*unscaled, scale));
}

void Check(sqlite3* db, int rc, const char* name) {
  if (rc != SQLITE_OK)
    throw Error(std::string("cannot register SQLite function ") + name + ": " + sqlite3_errmsg(db));
}

}  // namespace

void RegisterSqliteVerifyFunctions(sqlite3* db) {
  using Scalar = void (*)(sqlite3_context*, int, sqlite3_value**);
  struct Function {
    const char* name;
    int args;
    Scalar scalar, step;
    void (*final)(sqlite3_context*);
  };
  static const Function kFunctions[] = {
      {"strata_pg_hash", 1, PgHash, nullptr, nullptr},
      {"strata_md5", 1, Md5, nullptr, nullptr},
      {"strata_double_text", 1, DoubleText, nullptr, nullptr},
      {"strata_sum", 1, nullptr, SumStep, SumFinal},
      {"strata_date_text", 1, DateCanon, nullptr, nullptr},
      {"strata_datetime_micros", 1, DatetimeCanon, nullptr, nullptr},
      {"strata_decimal_text", 3, DecimalCanon, nullptr, nullptr},
  };
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  for (const Function& f : kFunctions)
    Check(db,
          sqlite3_create_function(db, f.name, f.args, flags, nullptr, f.scalar, f.step, f.final),
          f.name);
}

}  // namespace strata
