#include "core/hash/pg_value_hash.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/hash/lookup3_hash.h"

namespace strata {

uint64_t PgHashInt(int64_t v, uint64_t seed) {
  // Values that fit 32 bits hash as that word, so int2, int4 and int8 agree.
  auto low = static_cast<uint32_t>(v);
  auto high = static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32);
  low ^= v >= 0 ? high : ~high;
  return Lookup3HashWord64(low, seed);
}

uint64_t PgHashFloat8(double v, uint64_t seed) {
  if (v == 0) return seed;  // +0 and -0 are equal, so they hash alike
  if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  return static_cast<uint64_t>(Lookup3Hash64({bytes, sizeof bytes}, seed));
}

namespace {

constexpr size_t kMaxGroups = 64;  // 256 digits: beyond any DECIMAL

// Appends `digits` as base-10000 digits (groups of 4 decimal digits, most
// significant first), padded with zeros on the left (an integer part) or
// the right (a fraction) to whole groups. False if a character is not a
// digit or the groups do not fit.
bool AppendGroups(std::string_view digits, bool pad_left, int16_t* groups, size_t& n) {
  size_t pad = (4 - digits.size() % 4) % 4;
  size_t width = pad_left ? pad : 0;  // digits of the group being built
  int value = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return false;
    value = value * 10 + (ch - '0');
    if (++width == 4) {
      if (n == kMaxGroups) return false;
      groups[n++] = static_cast<int16_t>(value);
      value = 0;
      width = 0;
    }
  }
  if (width == 0) return true;
  for (; width < 4; ++width) value *= 10;
  if (n == kMaxGroups) return false;
  groups[n++] = static_cast<int16_t>(value);
  return true;
}

}  // namespace

uint64_t PgHashNumeric(std::string_view decimal, uint64_t seed) {
  std::string_view s = decimal;
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  // PostgreSQL keeps base-10000 digits aligned at the decimal point; the
  // weight is the power of 10000 of the first one.
  int16_t groups[kMaxGroups];
  size_t n = 0;
  bool ok = !whole.empty() && AppendGroups(whole, true, groups, n);
  int weight = static_cast<int>(n) - 1;
  if (!ok || !AppendGroups(fraction, false, groups, n))
    throw Error("not a decimal number: '" + std::string(decimal) + "'");
  size_t first = 0, last = n;
  while (first < last && groups[first] == 0) ++first, --weight;
  if (first == last) return seed - 1;  // zero
  while (groups[last - 1] == 0) --last;
  std::string_view bytes(reinterpret_cast<const char*>(groups + first),
                         (last - first) * sizeof(int16_t));
  // The weight is xor-ed in as a sign-extended 64-bit integer.
  return static_cast<uint64_t>(Lookup3Hash64(bytes, seed)) ^
         static_cast<uint64_t>(static_cast<int64_t>(weight));
}

}  // namespace strata
