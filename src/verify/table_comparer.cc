#include "verify/table_comparer.h"

#include <algorithm>
#include <map>

namespace strata {
namespace {

constexpr int kFirstLevel = 2;       // hex digits: 256 buckets
constexpr int kMaxLevel = 8;         // 4 levels: 2^32 buckets
constexpr int64_t kLeafRows = 4096;  // small enough to list (key hash, row hash)
constexpr size_t kBatch = 1000;      // values in one IN (...) list

const std::string& Text(const std::optional<std::string>& v) {
  static const std::string empty;
  return v ? *v : empty;
}

// "'a1', 'b2'" for an IN list of hex strings (no quoting needed, but quoted
// per dialect anyway).
std::string InList(SqlDialect d, const std::vector<std::string>& values, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : ", ") + QuoteText(d, values[i]);
  return out;
}

}  // namespace

TableComparer::TableComparer(VerifySide& source, VerifySide& warehouse, ComparedColumns columns)
    : source_(source), warehouse_(warehouse), columns_(std::move(columns)) {}

std::string TableComparer::KeyHashSql(const VerifySide& side) const {
  const auto& cols = &side == &source_ ? columns_.source : columns_.warehouse;
  std::vector<std::string> key;
  for (int k : columns_.key) key.push_back(CanonicalSql(side.dialect(), cols[k]));
  return Md5Sql(side.dialect(), TupleSql(side.dialect(), key));
}

// "(SELECT md5(key) AS kh, hash(row) AS rh FROM …) v"
std::string TableComparer::HashedRows(VerifySide& side) const {
  const auto& cols = &side == &source_ ? columns_.source : columns_.warehouse;
  std::vector<std::string> all;
  for (const auto& c : cols) all.push_back(CanonicalSql(side.dialect(), c));
  SqlDialect d = side.dialect();
  return "(SELECT " + KeyHashSql(side) + " AS kh, " + Hash60Sql(d, Md5Sql(d, TupleSql(d, all))) +
         " AS rh" + side.From("") + ") v";
}

TableComparer::Buckets TableComparer::Level(VerifySide& side, int length,
                                            const std::vector<std::string>& parents) {
  SqlDialect d = side.dialect();
  std::string head = "SELECT " + LeftSql(d, "kh", length) +
                     " AS b, COUNT(*) AS n, SUM(rh) AS s FROM " + HashedRows(side);
  Buckets out;
  auto run = [&](const std::string& where) {
    for (auto& row : side.Query(head + where + " GROUP BY 1"))
      out.push_back({Text(row[0]), {std::stoll(Text(row[1])), Text(row[2])}});
  };
  if (parents.empty()) run("");
  for (size_t i = 0; i < parents.size(); i += kBatch)
    run(" WHERE " + LeftSql(d, "kh", length - 2) + " IN (" +
        InList(d, parents, i, std::min(parents.size(), i + kBatch)) + ")");
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

TableComparer::Hashes TableComparer::LeafHashes(VerifySide& side, int length,
                                                const std::vector<std::string>& prefixes) {
  SqlDialect d = side.dialect();
  Hashes out;
  for (size_t i = 0; i < prefixes.size(); i += kBatch)
    for (auto& row : side.Query(
             "SELECT kh, rh FROM " + HashedRows(side) + " WHERE " + LeftSql(d, "kh", length) +
             " IN (" + InList(d, prefixes, i, std::min(prefixes.size(), i + kBatch)) + ")"))
      out.push_back({Text(row[0]), Text(row[1])});
  return out;
}

TextRows TableComparer::Details(VerifySide& side, const std::vector<std::string>& key_hashes) {
  SqlDialect d = side.dialect();
  const auto& cols = &side == &source_ ? columns_.source : columns_.warehouse;
  std::string list = KeyHashSql(side) + " AS kh";
  for (size_t i = 0; i < cols.size(); ++i)
    list += ", " + DisplaySql(d, cols[i]) + " AS d" + std::to_string(i) + ", " +
            CanonicalSql(d, cols[i]) + " AS c" + std::to_string(i);
  TextRows out;
  for (size_t i = 0; i < key_hashes.size(); i += kBatch) {
    TextRows part =
        side.Query("SELECT * FROM (SELECT " + list + side.From("") + ") v WHERE kh IN (" +
                   InList(d, key_hashes, i, std::min(key_hashes.size(), i + kBatch)) + ")");
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

Comparison TableComparer::Compare(int limit) {
  Comparison out;
  std::map<int, std::vector<std::string>> leaves;  // prefix length -> prefixes
  std::vector<std::string> parents;
  for (int length = kFirstLevel;; length += 2) {
    Buckets s = Level(source_, length, parents), w = Level(warehouse_, length, parents);
    ++out.queries;
    std::map<std::string, std::pair<Bucket, Bucket>> both;
    for (auto& [p, b] : s) both[p].first = b;
    for (auto& [p, b] : w) both[p].second = b;
    parents.clear();
    for (auto& [prefix, pair] : both) {
      if (length == kFirstLevel) {
        out.source_rows += pair.first.rows;
        out.warehouse_rows += pair.second.rows;
      }
      if (pair.first.rows == pair.second.rows && pair.first.sum == pair.second.sum) continue;
      if (std::max(pair.first.rows, pair.second.rows) <= kLeafRows || length >= kMaxLevel) {
        leaves[length].push_back(prefix);
        out.buckets.push_back({prefix, pair.first.rows, pair.second.rows});
      } else {
        parents.push_back(prefix);
      }
    }
    if (parents.empty()) break;
  }
  // Within the small buckets: the keys whose rows (or numbers of rows) differ.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> rows;
  for (auto& [length, prefixes] : leaves) {
    for (auto& [k, h] : LeafHashes(source_, length, prefixes)) rows[k].first.push_back(h);
    for (auto& [k, h] : LeafHashes(warehouse_, length, prefixes)) rows[k].second.push_back(h);
    ++out.queries;
  }
  std::vector<std::pair<std::string, std::string>> shown;  // key hash, kind
  for (auto& [key, pair] : rows) {
    std::sort(pair.first.begin(), pair.first.end());
    std::sort(pair.second.begin(), pair.second.end());
    if (pair.first == pair.second) continue;
    out.key_hashes.push_back(key);
    std::string kind = pair.first.empty()                                  ? "extra"
                       : pair.second.empty()                               ? "missing"
                       : pair.first.size() == 1 && pair.second.size() == 1 ? "changed"
                                                                           : "duplicate";
    if (static_cast<int>(shown.size()) < limit) shown.push_back({key, kind});
  }
  out.differing = static_cast<int64_t>(out.key_hashes.size());
  if (!shown.empty()) DescribeRows(out, shown);
  return out;
}

void TableComparer::DescribeRows(Comparison& out,
                                 const std::vector<std::pair<std::string, std::string>>& keys) {
  std::vector<std::string> hashes;
  for (const auto& k : keys) hashes.push_back(k.first);
  std::map<std::string, std::vector<std::optional<std::string>>> src, wh;
  for (auto& row : Details(source_, hashes)) src[Text(row[0])] = row;
  for (auto& row : Details(warehouse_, hashes)) wh[Text(row[0])] = row;
  ++out.queries;
  size_t n = columns_.names.size();
  for (const auto& [hash, kind] : keys) {
    RowDiff diff;
    diff.kind = kind;
    const auto* s = src.count(hash) ? &src[hash] : nullptr;
    const auto* w = wh.count(hash) ? &wh[hash] : nullptr;
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
