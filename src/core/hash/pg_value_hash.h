#pragma once
// PostgreSQL's 64-bit hashes of typed values (the hash opclasses'
// "extended" functions: hashint8extended, hashfloat8extended,
// hash_numeric_extended, with the seed they take), so that strata computes
// from a warehouse value exactly what the server computes from the source's
// value. Written from the functions' behaviour;
// tests/integration/row_hash_test.cc proves each equal to a real server's
// (text and bytes: Lookup3Hash64). Results are the server's bigint bits.
// Little-endian machines only, like the lookup3 reading. Pure functions;
// thread-safe.
//
// What each hash sees (and so what a difference it can find):
//  - integers of any width: the value, as one 32-bit word with the high
//    half folded into the low (so int2, int4 and int8 agree);
//  - float8: the 8 bytes, except that both zeros hash to the seed and every
//    NaN like the standard one;
//  - numeric: the base-10000 digits without leading or trailing zero groups,
//    and the weight. The sign is NOT hashed: -5 and 5 hash alike.

#include <cstdint>
#include <string_view>

namespace strata {

uint64_t PgHashInt(int64_t v, uint64_t seed);
uint64_t PgHashFloat8(double v, uint64_t seed);
// `decimal` is a plain decimal text: an optional '-', digits, optionally '.'
// and digits ("-12.50", "0.001", "7"), as DuckDB prints a DECIMAL. Throws
// Error for anything else.
uint64_t PgHashNumeric(std::string_view decimal, uint64_t seed);

}  // namespace strata
