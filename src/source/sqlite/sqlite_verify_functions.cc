#include "source/sqlite/sqlite_verify_functions.h"

#include <cstring>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/exact_double_text.h"
#include "core/hash/lookup3_hash.h"

namespace strata {
namespace {

void ResultText(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

void PgHash(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  sqlite3_result_int64(ctx, Lookup3Hash64(std::string_view(p ? p : "", static_cast<size_t>(n))));
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
  __int128 total = Total(*s);
  unsigned __int128 v = total < 0 ? -static_cast<unsigned __int128>(total) : total;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  ResultText(ctx, (total < 0 ? "-" : "") + digits);
}

void Check(sqlite3* db, int rc, const char* name) {
  if (rc != SQLITE_OK)
    throw Error(std::string("cannot register SQLite function ") + name + ": " + sqlite3_errmsg(db));
}

}  // namespace

void RegisterSqliteVerifyFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  Check(db,
        sqlite3_create_function(db, "strata_pg_hash", 1, flags, nullptr, PgHash, nullptr, nullptr),
        "strata_pg_hash");
  Check(db,
        sqlite3_create_function(db, "strata_double_text", 1, flags, nullptr, DoubleText, nullptr,
                                nullptr),
        "strata_double_text");
  Check(db,
        sqlite3_create_function(db, "strata_sum", 1, flags, nullptr, nullptr, SumStep, SumFinal),
        "strata_sum");
}

}  // namespace strata
