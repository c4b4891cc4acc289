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

// fn(range) for every range, results in the ranges' order; a side with
// several connections runs a share of the ranges on each, at once.
template <typename Fn>
auto EachRange(VerifySide& side, const std::vector<std::pair<int64_t, int64_t>>& ranges, Fn fn) {
  std::vector<decltype(fn(ranges.front()))> out(ranges.size());
  size_t lanes = std::min<size_t>(ranges.size(), static_cast<size_t>(side.parallelism()));
  auto lane = [&](size_t first) {
    for (size_t i = first; i < ranges.size(); i += lanes) out[i] = fn(ranges[i]);
  };
  std::vector<std::future<void>> running;
  for (size_t l = 1; l < lanes; ++l) running.push_back(std::async(std::launch::async, lane, l));
  if (lanes > 0) lane(0);
  for (auto& r : running) r.get();
  return out;
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

Buckets KeyRangeBucketing::SplitRange(VerifySide& side, const Range& r) {
  SqlDialect d = side.dialect();
  std::string key = KeySql(side);
  int64_t width = (r.second - r.first) / kFanOut + 1;  // hi - lo < 2^62: no overflow
  std::string div = d == SqlDialect::kMysql ? " DIV " : d == SqlDialect::kDuckDb ? " // " : " / ";
  std::string bucket = "(" + key + " - " + Literal(r.first) + ")" + div + std::to_string(width);
  Buckets out;
  for (auto& row : side.Query("SELECT " + bucket + " AS b, " + BucketTotalsSql(side, columns_) +
                              side.From(Between(key, r.first, r.second)) + " GROUP BY 1")) {
    int64_t b = std::stoll(Text(row[0]));
    int64_t first = r.first + b * width;  // within [lo, hi]: b < 256, b * width <= hi - lo
    // The last bucket may end past hi (and past INT64_MAX): clamp in 128 bits.
    __int128 last = static_cast<__int128>(first) + width - 1;
    out.push_back({Name(first, static_cast<int64_t>(std::min<__int128>(r.second, last))),
                   {std::stoll(Text(row[1])), Text(row[2])}});
  }
  return out;
}

// Each range whole: a count and a sum, which an equal table needs and no
// more (grouping by bucket costs a server about as much as hashing rows).
// One query on a side with one connection, a range per connection otherwise.
Buckets KeyRangeBucketing::Totals(VerifySide& side, const std::vector<Range>& ranges) {
  std::string key = KeySql(side);
  std::string totals = BucketTotalsSql(side, columns_);
  auto in = [&](const Range& r) { return Between(key, r.first, r.second); };
  auto bucket = [&](const Range& r, const std::optional<std::string>& n,
                    const std::optional<std::string>& sum) -> Buckets::value_type {
    return {Name(r.first, r.second), {std::stoll(Text(n)), Text(sum)}};
  };
  if (ranges.size() == 1 || side.parallelism() > 1)
    return EachRange(side, ranges, [&](const Range& r) {
      TextRows row = side.Query("SELECT " + totals + side.From(in(r)));
      return bucket(r, row.at(0).at(0), row.at(0).at(1));
    });
  std::string number = "CASE", where;
  for (size_t i = 0; i < ranges.size(); ++i) {
    number += " WHEN " + in(ranges[i]) + " THEN " + std::to_string(i);
    where += (where.empty() ? "(" : " OR (") + in(ranges[i]) + ")";
  }
  Buckets out;
  for (auto& row :
       side.Query("SELECT " + number + " END AS b, " + totals + side.From(where) + " GROUP BY 1"))
    out.push_back(bucket(ranges.at(std::stoul(Text(row[0]))), row[1], row[2]));
  return out;
}

// The top: the whole key range, or `chunks_` pieces of it (the same on both
// sides, so bucket names agree) that a side with as many connections reads
// at once.
std::vector<KeyRangeBucketing::Range> KeyRangeBucketing::TopRanges() const {
  if (chunks_ <= 1 || hi_ - lo_ < chunks_) return {{lo_, hi_}};
  int64_t piece = (hi_ - lo_) / chunks_ + 1;  // hi - lo < 2^62: no overflow
  std::vector<Range> ranges;
  for (int i = 0; i < chunks_; ++i) {
    __int128 first = static_cast<__int128>(lo_) + static_cast<__int128>(i) * piece;
    if (first > hi_) break;
    __int128 last = std::min<__int128>(hi_, first + piece - 1);
    ranges.push_back({static_cast<int64_t>(first), static_cast<int64_t>(last)});
  }
  return ranges;
}

std::vector<std::string> KeyRangeBucketing::Top() const {
  std::vector<std::string> out;
  for (const Range& r : TopRanges()) out.push_back(Name(r.first, r.second));
  return out;
}

Buckets KeyRangeBucketing::Split(VerifySide& side, const std::vector<std::string>& parents) {
  if (parents.empty()) return Totals(side, TopRanges());
  std::vector<Range> ranges;
  for (const auto& p : parents) ranges.push_back(Parse(p));
  Buckets out;
  for (Buckets& part : EachRange(side, ranges, [&](const Range& r) { return SplitRange(side, r); }))
    out.insert(out.end(), part.begin(), part.end());
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
