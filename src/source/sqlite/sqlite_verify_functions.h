#pragma once
// The SQL functions a SQLite source needs to answer verify's queries in its
// own SQL (SQLite has no md5, no hash, no exact double text, and its SUM
// overflows at 2^63), registered on one connection:
//   strata_pg_hash(text) INTEGER: the row hash, Lookup3Hash64 of the text's
//     bytes (what DuckDB's strata_pg_hash computes);
//   strata_md5(text) TEXT: Md5Hex of the text's bytes, which buckets keys
//     other than one integer column (as DuckDB's md5 does the warehouse's);
//   strata_double_text(real) TEXT: ExactDoubleText;
//   strata_sum(integer) TEXT: the exact sum in decimal (DuckDB's HUGEINT
//     SUM prints the same);
//   strata_date_text(v), strata_datetime_micros(v),
//     strata_decimal_text(v, precision, scale) TEXT: the canonical text of
//     the value the sync stores for v in a date, datetime or decimal(p, s)
//     column, converted by the sync's own parsers (value_parsers.h), or "!"
//     and v's text where the sync rejects v.
// NULL in, NULL out (strata_sum skips NULLs, NULL over no values). The
// functions live as long as the connection; thread-safe as SQLite calls them.

#include <sqlite3.h>

namespace strata {

void RegisterSqliteVerifyFunctions(sqlite3* db);

}  // namespace strata
