#include "verify/key_range_bucketing.h"

#include <algorithm>
#include <future>

namespace strata {
namespace {

constexpr int64_t kFanOut = 256;
constexpr size_t kKeysPerFilter = 1000;
constexpr size_t kRangesPerQuery = 100;

std::string Text(const std::optional<std::string>& v) {
  return v.value_or("");
}

std::string Name(int64_t lo, int64_t hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

std::pair<int64_t, int64_t> Parse(const std::string& bucket) {
  size_t dots = bucket.find("..");
  return {std::stoll(bucket.substr(0, dots)), std::stoll(bucket.substr(dots + 2))};
}

std::string Literal(int64_t v) {
  return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
}

std::string Between(const std::string& key, int64_t lo, int64_t hi) {
  return key + " BETWEEN " + Literal(lo) + " AND " + Literal(hi);
}

}  // namespace

std::string KeyRangeBucketing::KeySql(const VerifySide& side) const {
  return QuoteName(side.dialect(), columns_.of(side)[columns_.key[0]].name);
}

bool KeyRangeBucketing::CanSplit(const std::string& bucket) const {
  auto [lo, hi] = Parse(bucket);
  return hi > lo;
}

std::string KeyRangeBucketing::Describe(const std::string& bucket) const {
  return columns_.names[columns_.key[0]] + " " + bucket;
}

Buckets KeyRangeBucketing::SplitRange(VerifySide& side, int64_t lo, int64_t hi) {
  SqlDialect d = side.dialect();
  int64_t width = (hi - lo) / kFanOut + 1;  // hi - lo < 2^62: no overflow
  std::string key = KeySql(side);
  std::string offset = "(" + key + " - " + Literal(lo) + ")";
  std::string bucket = d == SqlDialect::kMysql    ? offset + " DIV " + std::to_string(width)
                       : d == SqlDialect::kDuckDb ? offset + " // " + std::to_string(width)
                                                  : offset + " / " + std::to_string(width);
  Buckets out;
  for (auto& row : side.Query("SELECT " + bucket + " AS b, COUNT(*) AS n, " +
                              SumSql(d, RowHashSql(side, columns_)) + " AS s" +
                              side.From(Between(key, lo, hi)) + " GROUP BY 1")) {
    int64_t b = std::stoll(Text(row[0]));
    int64_t first = lo + b * width;  // within [lo, hi]: b < 256, b * width <= hi - lo
    // The last bucket may end past hi (and past INT64_MAX): clamp in 128 bits.
    __int128 last = static_cast<__int128>(first) + width - 1;
    out.push_back({Name(first, static_cast<int64_t>(std::min<__int128>(hi, last))),
                   {std::stoll(Text(row[1])), Text(row[2])}});
  }
  return out;
}

// The top range in `chunks_` pieces, the same on both sides (so bucket names
// agree), queried at once on as many connections as the side has.
Buckets KeyRangeBucketing::SplitTop(VerifySide& side) {
  if (chunks_ <= 1 || hi_ - lo_ < chunks_) return SplitRange(side, lo_, hi_);
  int64_t piece = (hi_ - lo_) / chunks_ + 1;  // hi - lo < 2^62: no overflow
  std::vector<std::pair<int64_t, int64_t>> ranges;
  for (int i = 0; i < chunks_; ++i) {
    __int128 first = static_cast<__int128>(lo_) + static_cast<__int128>(i) * piece;
    if (first > hi_) break;
    __int128 last = std::min<__int128>(hi_, first + piece - 1);
    ranges.push_back({static_cast<int64_t>(first), static_cast<int64_t>(last)});
  }
  std::vector<Buckets> parts(ranges.size());
  if (side.parallelism() > 1) {
    std::vector<std::future<Buckets>> running;
    for (const auto& [lo, hi] : ranges)
      running.push_back(std::async(std::launch::async, [this, &side, lo = lo, hi = hi] {
        return SplitRange(side, lo, hi);
      }));
    for (size_t i = 0; i < running.size(); ++i) parts[i] = running[i].get();
  } else {
    for (size_t i = 0; i < ranges.size(); ++i)
      parts[i] = SplitRange(side, ranges[i].first, ranges[i].second);
  }
  Buckets out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Buckets KeyRangeBucketing::Split(VerifySide& side, const std::vector<std::string>& parents) {
  if (parents.empty()) return SplitTop(side);
  Buckets out;
  for (const auto& p : parents) {
    auto [lo, hi] = Parse(p);
    Buckets part = SplitRange(side, lo, hi);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

RowHashes KeyRangeBucketing::List(VerifySide& side, const std::vector<std::string>& buckets) {
  std::string key = KeySql(side);
  RowHashes out;
  for (size_t i = 0; i < buckets.size(); i += kRangesPerQuery) {
    std::string where;
    for (size_t j = i; j < std::min(buckets.size(), i + kRangesPerQuery); ++j) {
      auto [lo, hi] = Parse(buckets[j]);
      where += (where.empty() ? "(" : " OR (") + Between(key, lo, hi) + ")";
    }
    for (auto& row :
         side.Query("SELECT " + key + ", " + RowHashSql(side, columns_) + side.From(where)))
      out.push_back({Text(row[0]), Text(row[1])});
  }
  return out;
}

std::vector<std::string> KeyRangeBucketing::KeyFilters(const VerifySide& side,
                                                       const std::vector<std::string>& keys) const {
  std::vector<std::string> out;
  for (size_t i = 0; i < keys.size(); i += kKeysPerFilter) {
    std::string list;
    // Keys came back from the databases as integers; re-rendered, never pasted.
    for (size_t j = i; j < std::min(keys.size(), i + kKeysPerFilter); ++j)
      list += (list.empty() ? "" : ", ") + Literal(std::stoll(keys[j]));
    out.push_back(KeySql(side) + " IN (" + list + ")");
  }
  return out;
}

}  // namespace strata
