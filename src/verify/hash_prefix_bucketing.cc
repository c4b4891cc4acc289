#include "verify/hash_prefix_bucketing.h"

#include <algorithm>

namespace strata {
namespace {

constexpr size_t kBatch = 1000;  // values in one IN (...) list

std::string Text(const std::optional<std::string>& v) {
  return v.value_or("");
}

std::string InList(SqlDialect d, const std::vector<std::string>& values, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : ", ") + QuoteText(d, values[i]);
  return out;
}

}  // namespace

std::string HashPrefixBucketing::KeySql(const VerifySide& side) const {
  const auto& cols = columns_.of(side);
  std::vector<CanonColumn> key;
  for (int k : columns_.key) key.push_back(cols[k]);
  return Md5Sql(side.dialect(), TupleSql(side.dialect(), key));
}

// "(SELECT md5(key) AS kh, hash(row) AS rh FROM …) v"
std::string HashPrefixBucketing::HashedRows(VerifySide& side) const {
  return "(SELECT " + KeySql(side) + " AS kh, " + RowHashSql(side, columns_) + " AS rh" +
         side.From("") + ") v";
}

Buckets HashPrefixBucketing::Split(VerifySide& side, const std::vector<std::string>& parents) {
  SqlDialect d = side.dialect();
  // The top: every row in one bucket, "", and no key hashed (an equal
  // table needs nothing more; grouping costs a server as much as hashing).
  if (parents.empty()) {
    TextRows all = side.Query("SELECT " + BucketTotalsSql(side, columns_) + side.From(""));
    return {{"", {std::stoll(Text(all.at(0).at(0))), Text(all.at(0).at(1))}}};
  }
  int length = static_cast<int>(parents[0].size()) + 2;
  std::string head = "SELECT " + LeftSql(d, "kh", length) + " AS b, COUNT(*) AS n, " +
                     SumSql(d, "rh") + " AS s FROM " + HashedRows(side);
  Buckets out;
  auto run = [&](const std::string& where) {
    for (auto& row : side.Query(head + where + " GROUP BY 1"))
      out.push_back({Text(row[0]), {std::stoll(Text(row[1])), Text(row[2])}});
  };
  if (parents.size() == 1 && parents[0].empty()) {
    run("");
    return out;
  }
  for (size_t i = 0; i < parents.size(); i += kBatch)
    run(" WHERE " + LeftSql(d, "kh", length - 2) + " IN (" +
        InList(d, parents, i, std::min(parents.size(), i + kBatch)) + ")");
  return out;
}

RowHashes HashPrefixBucketing::List(VerifySide& side, const std::vector<std::string>& buckets) {
  SqlDialect d = side.dialect();
  RowHashes out;
  // Buckets of one level share a length; leaves may come from several levels.
  std::vector<std::string> sorted = buckets;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.size() < b.size(); });
  for (size_t i = 0; i < sorted.size();) {
    size_t end = i;
    while (end < sorted.size() && end - i < kBatch && sorted[end].size() == sorted[i].size()) ++end;
    std::vector<std::string> part(sorted.begin() + i, sorted.begin() + end);
    for (auto& row : side.Query("SELECT kh, rh FROM " + HashedRows(side) + " WHERE " +
                                LeftSql(d, "kh", static_cast<int>(part[0].size())) + " IN (" +
                                InList(d, part, 0, part.size()) + ")"))
      out.push_back({Text(row[0]), Text(row[1])});
    i = end;
  }
  return out;
}

std::vector<std::string> HashPrefixBucketing::KeyFilters(
    const VerifySide& side, const std::vector<std::string>& keys) const {
  std::vector<std::string> out;
  for (size_t i = 0; i < keys.size(); i += kBatch)
    out.push_back(KeySql(side) + " IN (" +
                  InList(side.dialect(), keys, i, std::min(keys.size(), i + kBatch)) + ")");
  return out;
}

}  // namespace strata
