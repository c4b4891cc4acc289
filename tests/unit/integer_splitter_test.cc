#include "source/integer_splitter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/sqlite/sqlite_db.h"

namespace strata {
namespace {

constexpr int64_t kMin = INT64_MIN;
constexpr int64_t kMax = INT64_MAX;

std::vector<std::string> Predicates(const std::vector<Split>& splits) {
  std::vector<std::string> out;
  for (const Split& s : splits) out.push_back(s.predicate);
  return out;
}

// ------------------------------------------------------- hand-worked splits

TEST(IntegerSplitterTest, TenKeysInThreeRanges) {
  // ceil(10 / 3) = 4 keys a range: [1, 5), [5, 9), [9, 10], open at both ends.
  auto splits = SplitIntegerRange("`id`", 1, 10, 3);
  EXPECT_EQ(Predicates(splits), (std::vector<std::string>{"`id` < 5", "`id` >= 5 AND `id` < 9",
                                                          "`id` >= 9", "`id` IS NULL"}));
  ASSERT_EQ(splits.size(), 4u);
  EXPECT_EQ(splits[0].description, "`id` in [-inf, 5)");
  EXPECT_EQ(splits[1].description, "`id` in [5, 9)");
  EXPECT_EQ(splits[2].description, "`id` in [9, +inf)");
  EXPECT_EQ(splits[3].description, "`id` is null");
}

TEST(IntegerSplitterTest, OneSplitCoversEveryNonNullKey) {
  EXPECT_EQ(Predicates(SplitIntegerRange("k", 1, 10, 1)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
  EXPECT_EQ(SplitIntegerRange("k", 1, 10, 1)[0].description, "k in [-inf, +inf)");
}

TEST(IntegerSplitterTest, NonPositiveCountMeansOne) {
  EXPECT_EQ(Predicates(SplitIntegerRange("k", 1, 10, 0)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
  EXPECT_EQ(Predicates(SplitIntegerRange("k", 1, 10, -5)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
}

TEST(IntegerSplitterTest, MinEqualsMax) {
  EXPECT_EQ(Predicates(SplitIntegerRange("k", 7, 7, 8)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMax, kMax, 8)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMin, kMin, 8)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
}

TEST(IntegerSplitterTest, MoreSplitsThanKeysGivesOneKeyEach) {
  EXPECT_EQ(Predicates(SplitIntegerRange("k", 1, 3, 10)),
            (std::vector<std::string>{"k < 2", "k >= 2 AND k < 3", "k >= 3", "k IS NULL"}));
  EXPECT_EQ(Predicates(SplitIntegerRange("k", -1, 0, 100)),
            (std::vector<std::string>{"k < 0", "k >= 0", "k IS NULL"}));
}

TEST(IntegerSplitterTest, FullInt64RangeInFour) {
  // 2^64 keys in four quarters of 2^62 = 4611686018427387904.
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMin, kMax, 4)),
            (std::vector<std::string>{
                "k < -4611686018427387904", "k >= -4611686018427387904 AND k < 0",
                "k >= 0 AND k < 4611686018427387904", "k >= 4611686018427387904", "k IS NULL"}));
}

TEST(IntegerSplitterTest, FullInt64RangeInTwo) {
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMin, kMax, 2)),
            (std::vector<std::string>{"k < 0", "k >= 0", "k IS NULL"}));
}

TEST(IntegerSplitterTest, TopOfTheRange) {
  // [max-1, max] in two: the second range starts at INT64_MAX itself.
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMax - 1, kMax, 2)),
            (std::vector<std::string>{"k < 9223372036854775807", "k >= 9223372036854775807",
                                      "k IS NULL"}));
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMin, kMin + 1, 2)),
            (std::vector<std::string>{"k < -9223372036854775807", "k >= -9223372036854775807",
                                      "k IS NULL"}));
}

TEST(IntegerSplitterTest, NegativeKeys) {
  // [-10, 10] is 21 keys; ceil(21 / 4) = 6: [-10,-4) [-4,2) [2,8) [8,10].
  EXPECT_EQ(Predicates(SplitIntegerRange("k", -10, 10, 4)),
            (std::vector<std::string>{"k < -4", "k >= -4 AND k < 2", "k >= 2 AND k < 8", "k >= 8",
                                      "k IS NULL"}));
}

TEST(IntegerSplitterTest, MaxBelowMinStillReadsEverything) {
  EXPECT_EQ(Predicates(SplitIntegerRange("k", 10, 0, 3)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
  EXPECT_EQ(Predicates(SplitIntegerRange("k", kMax, kMin, 3)),
            (std::vector<std::string>{"k IS NOT NULL", "k IS NULL"}));
}

// ------------------------------------------ exact coverage, checked by SQLite

// The integer literals in a predicate, in order.
// (A hand scan: <regex> trips -Werror=maybe-uninitialized under the sanitizers.)
std::vector<int64_t> Literals(const std::string& predicate) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < predicate.size(); ++i) {
    bool minus = predicate[i] == '-' && i + 1 < predicate.size() && std::isdigit(predicate[i + 1]);
    if (!minus && !std::isdigit(static_cast<unsigned char>(predicate[i]))) continue;
    size_t end = i + 1;
    while (end < predicate.size() && std::isdigit(static_cast<unsigned char>(predicate[end])))
      ++end;
    out.push_back(std::stoll(predicate.substr(i, end - i)));
    i = end;
  }
  return out;
}

void AddAround(std::vector<std::optional<int64_t>>* keys, int64_t v) {
  keys->push_back(v);
  if (v > kMin) keys->push_back(v - 1);
  if (v < kMax) keys->push_back(v + 1);
}

// Checks, on an in-memory SQLite table of sample keys, that every key, NULL
// included, is matched by exactly one split's predicate; that the ranges come
// in ascending order; that the last split reads the NULLs; and that no range
// holds more than ceil(span / n) keys of [min, max].
void ExpectExactCover(int64_t min, int64_t max, int n) {
  SCOPED_TRACE("min=" + std::to_string(min) + " max=" + std::to_string(max) +
               " n=" + std::to_string(n));
  const std::vector<Split> splits = SplitIntegerRange("\"key\"", min, max, n);
  ASSERT_GE(splits.size(), 2u);
  const size_t ranges = splits.size() - 1;
  EXPECT_LE(ranges, static_cast<size_t>(std::max(n, 1)));
  EXPECT_EQ(splits.back().predicate, "\"key\" IS NULL");

  // Sample keys: the extremes, the neighbourhoods of 0, min and max, points
  // spread evenly over [min, max], both sides of every boundary, and NULLs.
  std::vector<std::optional<int64_t>> keys = {std::nullopt, std::nullopt, kMin,
                                              kMin + 1,     kMax,         kMax - 1};
  AddAround(&keys, 0);
  AddAround(&keys, min);
  AddAround(&keys, max);
  if (min <= max) {
    const __int128 span = static_cast<__int128>(max) - min;
    for (int k = 0; k <= 64; ++k) AddAround(&keys, static_cast<int64_t>(min + span * k / 64));
  }
  for (const Split& s : splits)
    for (int64_t b : Literals(s.predicate)) AddAround(&keys, b);

  SqliteDb db(":memory:", SqliteDb::Mode::kReadWriteCreate);
  db.Exec("CREATE TABLE t (\"key\" INTEGER)");
  {
    SqliteStatement insert(db, "INSERT INTO t (\"key\") VALUES (?)");
    for (const auto& k : keys) {
      if (k)
        insert.Bind(1, *k);
      else
        insert.BindNull(1);
      insert.Run();
    }
  }

  std::map<int64_t, int> hits;                      // rowid -> number of splits that read it
  std::vector<std::pair<int64_t, int64_t>> extent;  // smallest and largest key a range read
  int64_t total = 0;
  for (size_t i = 0; i < splits.size(); ++i) {
    const Split& s = splits[i];
    SqliteStatement select(db, "SELECT rowid, \"key\" FROM t WHERE " + s.predicate);
    std::optional<int64_t> lo, hi;
    while (select.Step()) {
      ++hits[select.Int(0)];
      ++total;
      if (i + 1 == splits.size()) {
        EXPECT_TRUE(select.IsNull(1)) << s.predicate;
        continue;
      }
      EXPECT_FALSE(select.IsNull(1)) << s.predicate;
      int64_t k = select.Int(1);
      lo = lo ? std::min(*lo, k) : k;
      hi = hi ? std::max(*hi, k) : k;
    }
    if (i + 1 < splits.size()) {
      // Every range meets at least one sampled key of [min, max] (its lower
      // bound is sampled), so none is empty.
      ASSERT_TRUE(lo && hi) << s.predicate << " read no sampled key";
      extent.emplace_back(*lo, *hi);
    }
  }

  EXPECT_EQ(total, static_cast<int64_t>(keys.size()));
  EXPECT_EQ(hits.size(), keys.size());
  for (const auto& [rowid, count] : hits) EXPECT_EQ(count, 1) << "row " << rowid;
  EXPECT_EQ(hits.size() - std::count_if(keys.begin(), keys.end(),
                                        [](const auto& k) { return k.has_value(); }),
            2u);

  for (size_t i = 1; i < extent.size(); ++i)
    EXPECT_LT(extent[i - 1].second, extent[i].first) << "ranges out of order at " << i;

  // Balance: inside [min, max] no range is wider than ceil(span / n).
  if (min <= max && n >= 1) {
    const __int128 span = static_cast<__int128>(max) - min + 1;
    const __int128 widest = (span + n - 1) / n;
    __int128 start = min;
    for (size_t i = 0; i < ranges; ++i) {
      std::vector<int64_t> b = Literals(splits[i].predicate);
      __int128 end =
          i + 1 < ranges ? static_cast<__int128>(b.back()) : static_cast<__int128>(max) + 1;
      EXPECT_GT(end, start) << splits[i].predicate;
      EXPECT_LE(end - start, widest) << splits[i].predicate;
      if (i > 0) {
        EXPECT_EQ(static_cast<__int128>(b.front()), start) << splits[i].predicate;
      }
      start = end;
    }
  }
}

TEST(IntegerSplitterTest, ExactCoverSmallRanges) {
  for (int n : {1, 2, 3, 4, 5, 7, 9, 10, 11, 20, 100}) {
    ExpectExactCover(1, 10, n);
    ExpectExactCover(0, 0, n);
    ExpectExactCover(5, 5, n);
    ExpectExactCover(-10, 10, n);
    ExpectExactCover(-1, 0, n);
    ExpectExactCover(-1000, 1000, n);
    ExpectExactCover(1, 1000000, n);
  }
}

TEST(IntegerSplitterTest, ExactCoverFullInt64Range) {
  for (int n : {1, 2, 3, 4, 5, 6, 7, 8, 16, 31, 64, 1000}) ExpectExactCover(kMin, kMax, n);
}

TEST(IntegerSplitterTest, ExactCoverAtTheInt64Edges) {
  for (int n : {1, 2, 3, 5, 64}) {
    ExpectExactCover(kMin, kMin, n);
    ExpectExactCover(kMax, kMax, n);
    ExpectExactCover(kMin, kMin + 1, n);
    ExpectExactCover(kMax - 1, kMax, n);
    ExpectExactCover(kMin, 0, n);
    ExpectExactCover(0, kMax, n);
    ExpectExactCover(kMin, -1, n);
    ExpectExactCover(kMax - 100, kMax, n);
    ExpectExactCover(kMin, kMin + 100, n);
    ExpectExactCover(-(int64_t{1} << 40), int64_t{1} << 40, n);
  }
}

TEST(IntegerSplitterTest, ExactCoverWhenMaxIsBelowMin) {
  for (int n : {1, 3}) {
    ExpectExactCover(10, 0, n);
    ExpectExactCover(kMax, kMin, n);
  }
}

TEST(IntegerSplitterTest, NeverMoreRangesThanAsked) {
  for (int n = 1; n <= 40; ++n) {
    for (int64_t span : {1, 2, 3, 10, 39, 40, 41, 100, 1000}) {
      auto splits = SplitIntegerRange("k", 0, span - 1, n);
      size_t ranges = splits.size() - 1;
      EXPECT_LE(ranges, static_cast<size_t>(n)) << "span " << span << " n " << n;
      EXPECT_LE(ranges, static_cast<size_t>(span)) << "span " << span << " n " << n;
      // Asking for no more ranges than there are keys gets exactly n when
      // n divides the span.
      if (span % n == 0) {
        EXPECT_EQ(ranges, static_cast<size_t>(n)) << "span " << span;
      }
    }
  }
}

}  // namespace
}  // namespace strata
