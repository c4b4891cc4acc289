#pragma once
// Lookup3Hash64 is Bob Jenkins' lookup3 hash of bytes (public domain) in the
// 64-bit form PostgreSQL's hashtextextended(text, seed) returns for a text of
// a deterministic collation: the little-endian reading of the bytes in
// 12-byte blocks, the seed folded into the initial state when non-zero, the
// result (b << 32) | c of the final state, as a signed bigint. Written from
// the algorithm's description; tests prove it equal to a real server's.
// Pure function; thread-safe.

#include <cstdint>
#include <string_view>

namespace strata {

int64_t Lookup3Hash64(std::string_view bytes, uint64_t seed = 0);
// The same hash of one 32-bit word `k` as a value rather than as bytes
// (PostgreSQL's hash_uint32_extended, which its integer, date and boolean
// hashes use): the state starts as for 4 bytes and `k` is added whole.
uint64_t Lookup3HashWord64(uint32_t k, uint64_t seed = 0);

}  // namespace strata
