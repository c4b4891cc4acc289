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

}  // namespace strata
