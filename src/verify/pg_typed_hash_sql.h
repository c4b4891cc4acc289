#pragma once
// The row hash verify sums against a PostgreSQL source (RowHash::kPgTyped):
// no row text at all, but PostgreSQL's own hash of each typed value
// (pg_value_hash.h), each column with a seed of its own, combined by XOR:
//
//   row hash = XOR over columns k (from 0) of h_k(value_k, seed k + 1),
//
// a NULL contributing 0. The server computes it with its built-in hash
// functions (about 0.15 s per 1,000,000 rows of the benchmark's table over
// the scan, against 0.8 s for building and hashing the canonical text); DuckDB
// computes the same with the functions of duck_row_hash.h.
//
// h_k by the column's warehouse type (both sides decide alike):
//  - integers, booleans (0/1), dates (days since 2000-01-01), date-times and
//    timestamps (microseconds since 2000-01-01 00:00, UTC for instants):
//    PostgreSQL's integer hash (hashint2/4/8extended, timestamp_hash_extended:
//    equal values hash alike), which sees the high 32 bits XOR the low 32 (so a
//    bigint also adds hashint8extended(value >> 32) with seed k + 1 + 2^32;
//    an instant does not: it would cost the server a conversion per row, and
//    only a change that keeps that XOR, by at least 2^32 microseconds (71
//    minutes), goes unseen);
//  - float and double: hashfloat8extended;
//  - decimal: hash_numeric_extended, with the seed negated for a negative
//    value (the hash itself ignores the sign);
//  - anything else, binary included: hashtextextended of its canonical text
//    (canonical_sql.h), COLLATE "C" so that a nondeterministic collation
//    still hashes the bytes.
// Distinct seeds make a value moved to another column a different row; XOR
// keeps the row hash 64 bits that each column changes independently.
// Pure functions; thread-safe.

#include <string>
#include <vector>

#include "verify/canonical_sql.h"

namespace strata {

// The row hash of `columns` as a signed bigint, in `d`'s SQL: kPostgres or
// kDuckDb (throws Error for any other).
std::string PgTypedHashSql(SqlDialect d, const std::vector<CanonColumn>& columns);

}  // namespace strata
