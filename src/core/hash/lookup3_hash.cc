#include "core/hash/lookup3_hash.h"

#include <cstring>

namespace strata {
namespace {

constexpr uint32_t Rot(uint32_t x, int k) {
  return (x << k) | (x >> (32 - k));
}

// Mixes three 32-bit words reversibly, so every input bit affects the state.
[[gnu::always_inline]] inline void Mix(uint32_t& a, uint32_t& b, uint32_t& c) {
  a -= c, a ^= Rot(c, 4), c += b;
  b -= a, b ^= Rot(a, 6), a += c;
  c -= b, c ^= Rot(b, 8), b += a;
  a -= c, a ^= Rot(c, 16), c += b;
  b -= a, b ^= Rot(a, 19), a += c;
  c -= b, c ^= Rot(b, 4), b += a;
}

// The last, irreversible avalanche of the state into c (and b).
[[gnu::always_inline]] inline void Final(uint32_t& a, uint32_t& b, uint32_t& c) {
  c ^= b, c -= Rot(b, 14);
  a ^= c, a -= Rot(c, 11);
  b ^= a, b -= Rot(a, 25);
  c ^= b, c -= Rot(b, 16);
  a ^= c, a -= Rot(c, 4);
  b ^= a, b -= Rot(a, 14);
  c ^= b, c -= Rot(b, 24);
}

// The `n` bytes at `p` as a little-endian word, byte i at bits 8 * (i + shift).
uint32_t Word(const unsigned char* p, size_t n, int shift = 0) {
  uint32_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= static_cast<uint32_t>(p[i]) << (8 * (i + shift));
  return w;
}

// Four bytes as a little-endian word (this machine's order: x86, ARM).
uint32_t FullWord(const unsigned char* p) {
  uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Seeded hashes pay a Mix for the seed before any data, and the state after
// it depends only on the length and the seed. Verify hashes millions of
// short values with one seed per column, a few thousand at a time: the
// states of lengths below 64 for the last seed are remembered, per thread.
struct StartCache {
  uint64_t seed = 0;
  uint64_t known = 0;  // bit `len`: a[len], b[len], c[len] hold that length's state
  uint32_t a[64], b[64], c[64];
};
thread_local StartCache start_cache;

// The state before any data: the length and the seed folded in.
void Start(size_t len, uint64_t seed, uint32_t& a, uint32_t& b, uint32_t& c) {
  a = b = c = 0x9e3779b9u + static_cast<uint32_t>(len) + 3923095u;
  if (seed == 0) return;
  StartCache& cache = start_cache;
  bool short_value = len < 64;
  if (short_value) {
    if (cache.seed != seed) cache.seed = seed, cache.known = 0;
    if (cache.known >> len & 1) {
      a = cache.a[len], b = cache.b[len], c = cache.c[len];
      return;
    }
  }
  a += static_cast<uint32_t>(seed >> 32);
  b += static_cast<uint32_t>(seed);
  Mix(a, b, c);
  if (short_value) {
    cache.a[len] = a, cache.b[len] = b, cache.c[len] = c;
    cache.known |= uint64_t{1} << len;
  }
}

uint64_t Result(uint32_t b, uint32_t c) {
  return (static_cast<uint64_t>(b) << 32) | c;
}

}  // namespace

int64_t Lookup3Hash64(std::string_view bytes, uint64_t seed) {
  const auto* k = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t len = bytes.size();
  uint32_t a, b, c;
  Start(len, seed, a, b, c);
  for (; len >= 12; k += 12, len -= 12) {
    a += FullWord(k);
    b += FullWord(k + 4);
    c += FullWord(k + 8);
    Mix(a, b, c);
  }
  // The tail: up to 11 bytes; c's lowest byte stays free (PostgreSQL's
  // layout), so bytes 8..10 go to c's upper three bytes.
  if (len > 8) c += Word(k + 8, len - 8, 1);
  if (len > 4) b += Word(k + 4, len > 8 ? 4 : len - 4);
  if (len > 0) a += Word(k, len > 4 ? 4 : len);
  Final(a, b, c);
  return static_cast<int64_t>(Result(b, c));
}

uint64_t Lookup3HashWord64(uint32_t k, uint64_t seed) {
  uint32_t a, b, c;
  Start(sizeof k, seed, a, b, c);
  a += k;
  Final(a, b, c);
  return Result(b, c);
}

}  // namespace strata
