#include "source/integer_splitter.h"

namespace strata {

std::vector<Split> SplitIntegerRange(const std::string& key, int64_t min, int64_t max, int n) {
  if (n < 1) n = 1;
  // 128-bit arithmetic: max - min + 1 overflows int64 for a full-range key.
  __int128 span = static_cast<__int128>(max) - min + 1;
  __int128 step = span / n + (span % n ? 1 : 0);
  std::vector<__int128> bounds;  // exclusive upper bounds between ranges
  for (__int128 b = min + step; b <= max; b += step) bounds.push_back(b);
  std::vector<Split> out;
  // The first range is open below and the last open above, so a key outside
  // the sampled [min, max] is still read exactly once.
  for (size_t i = 0; i <= bounds.size(); ++i) {
    std::string lo = i ? std::to_string(static_cast<int64_t>(bounds[i - 1])) : "";
    std::string hi = i < bounds.size() ? std::to_string(static_cast<int64_t>(bounds[i])) : "";
    Split s;
    if (!lo.empty()) s.predicate = key + " >= " + lo;
    if (!hi.empty()) s.predicate += (lo.empty() ? "" : " AND ") + key + " < " + hi;
    if (s.predicate.empty()) s.predicate = key + " IS NOT NULL";
    s.description =
        key + " in [" + (lo.empty() ? "-inf" : lo) + ", " + (hi.empty() ? "+inf" : hi) + ")";
    out.push_back(std::move(s));
  }
  out.push_back({key + " IS NULL", key + " is null"});
  return out;
}

}  // namespace strata
