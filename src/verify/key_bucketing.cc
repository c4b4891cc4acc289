#include "verify/key_bucketing.h"

#include <algorithm>
#include <future>

#include "verify/hash_prefix_bucketing.h"
#include "verify/key_range_bucketing.h"
#include "verify/pg_typed_hash_sql.h"

namespace strata {

std::string RowHashSql(const VerifySide& side, const ComparedColumns& columns) {
  SqlDialect d = side.dialect();
  if (columns.row_hash == RowHash::kPgTyped) return PgTypedHashSql(d, columns.of(side));
  return RowHashSql(d, columns.row_hash, TupleSql(d, columns.of(side)));
}

std::string BucketTotalsSql(const VerifySide& side, const ComparedColumns& columns) {
  return "COUNT(*) AS n, " + SumSql(side.dialect(), RowHashSql(side, columns)) + " AS s";
}

std::unique_ptr<KeyBucketing> ChooseKeyBucketing(VerifySide& source, VerifySide& warehouse,
                                                 const ComparedColumns& columns) {
  if (columns.key.size() == 1 && columns.warehouse[columns.key[0]].type.IsInteger() &&
      !columns.source[columns.key[0]].native_type.starts_with("bit")) {
    auto bounds = [&](VerifySide& side) {
      std::string k = QuoteName(side.dialect(), columns.of(side)[columns.key[0]].name);
      return side.Query("SELECT MIN(" + k + "), MAX(" + k + ")" + side.From(""));
    };
    auto local = std::async(std::launch::async, [&] { return bounds(warehouse); });
    TextRows s = bounds(source), w = local.get();
    std::vector<int64_t> ends;
    for (const TextRows* r : {&s, &w})
      if (!r->empty() && (*r)[0][0] && (*r)[0][1]) {
        ends.push_back(std::stoll(*(*r)[0][0]));
        ends.push_back(std::stoll(*(*r)[0][1]));
      }
    if (ends.empty()) return std::make_unique<KeyRangeBucketing>(columns, 0, 0);
    int64_t lo = *std::min_element(ends.begin(), ends.end());
    int64_t hi = *std::max_element(ends.begin(), ends.end());
    if (static_cast<__int128>(hi) - lo < (static_cast<__int128>(1) << 62))
      return std::make_unique<KeyRangeBucketing>(columns, lo, hi, source.parallelism());
  }
  // Key hashes are needed only below the top, when a table differs: a source
  // that has no md5 (SQLite) is refused now, not then.
  Md5Sql(source.dialect(), "''");
  return std::make_unique<HashPrefixBucketing>(columns);
}

}  // namespace strata
