#include "core/hash/pg_value_hash.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

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

bool AllDigits(std::string_view s) {
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

// Groups of 4 decimal digits, most significant first; `digits` is padded
// with zeros on the left (integer part) or the right (fraction) to whole
// groups.
void AppendGroups(std::string digits, bool pad_left, std::vector<int16_t>& out) {
  size_t pad = (4 - digits.size() % 4) % 4;
  digits.insert(pad_left ? 0 : digits.size(), pad, '0');
  for (size_t i = 0; i < digits.size(); i += 4)
    out.push_back(static_cast<int16_t>(std::stoi(digits.substr(i, 4))));
}

}  // namespace

uint64_t PgHashNumeric(std::string_view decimal, uint64_t seed) {
  std::string_view s = decimal;
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || !AllDigits(whole) || !AllDigits(fraction))
    throw Error("not a decimal number: '" + std::string(decimal) + "'");
  // PostgreSQL keeps base-10000 digits aligned at the decimal point; the
  // weight is the power of 10000 of the first one.
  std::vector<int16_t> groups;
  AppendGroups(std::string(whole), true, groups);
  int weight = static_cast<int>(groups.size()) - 1;
  if (!fraction.empty()) AppendGroups(std::string(fraction), false, groups);
  size_t first = 0, last = groups.size();
  while (first < last && groups[first] == 0) ++first, --weight;
  if (first == last) return seed - 1;  // zero
  while (groups[last - 1] == 0) --last;
  std::string bytes(reinterpret_cast<const char*>(groups.data() + first),
                    (last - first) * sizeof(int16_t));
  // The weight is xor-ed in as a sign-extended 64-bit integer.
  return static_cast<uint64_t>(Lookup3Hash64(bytes, seed)) ^
         static_cast<uint64_t>(static_cast<int64_t>(weight));
}

}  // namespace strata
