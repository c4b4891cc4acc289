#include "verify/table_comparer.h"

#include <algorithm>
#include <future>
#include <map>

namespace strata {
namespace {

constexpr int64_t kLeafRows = 4096;  // small enough to list (key, row hash)

std::string Text(const std::optional<std::string>& v) {
  return v.value_or("");
}

// The cheapest row hash the source's server has: MySQL and MariaDB before
// 10.8 lack CRC32C, which the probe finds (a failing SELECT leaves a MySQL
// transaction, and so the snapshot, as it was); PostgreSQL before 11 lacks
// the extended hash functions, which the catalog says (a failing SELECT
// would end its transaction).
RowHash ChooseRowHash(VerifySide& source) {
  if (source.dialect() == SqlDialect::kSqlite) return RowHash::kLookup3;
  if (source.dialect() == SqlDialect::kPostgres) {
    TextRows found = source.Query(
        "SELECT count(*) FROM pg_catalog.pg_proc WHERE proname = 'hash_numeric_extended'");
    return Text(found.at(0).at(0)) == "0" ? RowHash::kLookup3 : RowHash::kPgTyped;
  }
  try {
    source.Query("SELECT CRC32C('')");
    return RowHash::kCrcPair;
  } catch (const std::exception&) {
    return RowHash::kMd5;
  }
}

}  // namespace

TableComparer::TableComparer(VerifySide& source, VerifySide& warehouse, ComparedColumns columns)
    : source_(source), warehouse_(warehouse), columns_(std::move(columns)) {
  columns_.row_hash = ChooseRowHash(source);
}

std::vector<std::string> TableComparer::KeyFilters(const VerifySide& side,
                                                   const std::vector<std::string>& keys) const {
  return bucketing_->KeyFilters(side, keys);
}

TextRows TableComparer::Details(VerifySide& side, const std::vector<std::string>& keys) {
  SqlDialect d = side.dialect();
  const auto& cols = columns_.of(side);
  std::string list = bucketing_->KeySql(side) + " AS kh";
  for (size_t i = 0; i < cols.size(); ++i)
    list += ", " + DisplaySql(d, cols[i]) + " AS d" + std::to_string(i) + ", " +
            CanonicalSql(d, cols[i]) + " AS c" + std::to_string(i);
  TextRows out;
  for (const auto& filter : bucketing_->KeyFilters(side, keys)) {
    TextRows part = side.Query("SELECT " + list + side.From(filter));
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

Comparison TableComparer::Compare(int limit, bool top_differs) {
  bucketing_ = ChooseKeyBucketing(source_, warehouse_, columns_);
  Comparison out;
  std::vector<std::string> leaves = DifferingLeaves(out, top_differs);
  std::vector<KeyKind> shown = DifferingKeys(leaves, out, limit);
  out.differing = static_cast<int64_t>(out.keys.size());
  if (!shown.empty()) DescribeRows(out, shown);
  return out;
}

// Splits the buckets whose sums differ, level by level, until each is small
// or cannot split; the first level compared, which holds every row, counts
// each side's rows.
std::vector<std::string> TableComparer::DifferingLeaves(Comparison& out, bool top_differs) {
  std::vector<std::string> leaves, parents;
  if (top_differs) parents = bucketing_->Top();
  for (bool top = true;; top = false) {
    auto [s, w] = OnBoth(source_, warehouse_,
                         [&](VerifySide& side) { return bucketing_->Split(side, parents); });
    ++out.levels;
    std::map<std::string, std::pair<BucketSum, BucketSum>> both;
    for (auto& [name, sum] : s) both[name].first = sum;
    for (auto& [name, sum] : w) both[name].second = sum;
    parents.clear();
    for (auto& [name, pair] : both) {
      if (top) {
        out.source_rows += pair.first.rows;
        out.warehouse_rows += pair.second.rows;
      }
      if (pair.first.rows == pair.second.rows && pair.first.sum == pair.second.sum) continue;
      if (std::max(pair.first.rows, pair.second.rows) <= kLeafRows || !bucketing_->CanSplit(name)) {
        leaves.push_back(name);
        out.buckets.push_back({bucketing_->Describe(name), pair.first.rows, pair.second.rows});
      } else {
        parents.push_back(name);
      }
    }
    if (parents.empty()) return leaves;
  }
}

// Within the small buckets: the keys whose rows (or numbers of rows)
// differ, all in out.keys, the first `limit` with how they differ.
std::vector<TableComparer::KeyKind> TableComparer::DifferingKeys(
    const std::vector<std::string>& leaves, Comparison& out, int limit) {
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> rows;
  if (!leaves.empty()) {
    auto [s, w] = OnBoth(source_, warehouse_,
                         [&](VerifySide& side) { return bucketing_->List(side, leaves); });
    for (auto& [k, h] : s) rows[k].first.push_back(h);
    for (auto& [k, h] : w) rows[k].second.push_back(h);
  }
  std::vector<KeyKind> shown;
  for (auto& [key, pair] : rows) {
    std::sort(pair.first.begin(), pair.first.end());
    std::sort(pair.second.begin(), pair.second.end());
    if (pair.first == pair.second) continue;
    out.keys.push_back(key);
    std::string kind = pair.first.empty()                                  ? "extra"
                       : pair.second.empty()                               ? "missing"
                       : pair.first.size() == 1 && pair.second.size() == 1 ? "changed"
                                                                           : "duplicate";
    if (static_cast<int>(shown.size()) < limit) shown.push_back({key, kind});
  }
  return shown;
}

void TableComparer::DescribeRows(Comparison& out, const std::vector<KeyKind>& keys) {
  std::vector<std::string> ids;
  for (const auto& k : keys) ids.push_back(k.key);
  auto [s_rows, w_rows] =
      OnBoth(source_, warehouse_, [&](VerifySide& side) { return Details(side, ids); });
  std::map<std::string, std::vector<std::optional<std::string>>> src, wh;
  for (auto& row : s_rows) src[Text(row[0])] = row;
  for (auto& row : w_rows) wh[Text(row[0])] = row;
  size_t n = columns_.names.size();
  for (const auto& [id, kind] : keys) {
    RowDiff diff;
    diff.kind = kind;
    const auto* s = src.count(id) ? &src[id] : nullptr;
    const auto* w = wh.count(id) ? &wh[id] : nullptr;
    if (!s && !w) continue;  // changed again since it was listed
    const auto& any = s ? *s : *w;
    for (int k : columns_.key) diff.key.push_back({columns_.names[k], any[1 + 2 * k]});
    for (size_t i = 0; i < n; ++i) {
      std::optional<std::string> sv = s ? (*s)[1 + 2 * i] : std::nullopt;
      std::optional<std::string> wv = w ? (*w)[1 + 2 * i] : std::nullopt;
      bool same = s && w && (*s)[2 + 2 * i] == (*w)[2 + 2 * i];
      if (!same || kind != "changed") diff.cells.push_back({columns_.names[i], sv, wv});
    }
    out.rows.push_back(std::move(diff));
  }
}

}  // namespace strata
