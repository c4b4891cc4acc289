#include "source/mysql/mysql_split_planner.h"

#include <charconv>
#include <optional>

#include "core/error.h"
#include "source/integer_splitter.h"
#include "source/mysql/mysql_type_map.h"
#include "source/select_text.h"

namespace strata {
namespace {

// A boundary: the SQL literal that compares like the key, and what logs show.
struct Bound {
  std::string literal;
  std::string shown;
};

std::optional<int64_t> ToInt64(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size()) return std::nullopt;
  return v;
}

bool OnlyChars(const std::string& s, std::string_view allowed) {
  if (s.empty()) return false;
  for (char c : s)
    if (allowed.find(c) == std::string_view::npos) return false;
  return true;
}

// The SELECT list that yields a boundary: the value, and its bytes in hex.
std::string BoundExpr(const std::string& qk, const MysqlSplitKey& key, MysqlKeyKind kind) {
  if (kind == MysqlKeyKind::kText || kind == MysqlKeyKind::kBinary) return qk + ", HEX(" + qk + ")";
  if (MysqlNeedsDoubleCast(key.column_type)) return "CAST(" + qk + " AS DOUBLE), ''";
  return qk + ", ''";
}

Bound MakeBound(const std::string& value, const std::string& hex, const MysqlSplitKey& key,
                MysqlKeyKind kind) {
  switch (kind) {
    case MysqlKeyKind::kText:
      return {"_" + key.charset + " X'" + hex + "' COLLATE " + key.collation, "'" + value + "'"};
    case MysqlKeyKind::kBinary: return {"X'" + hex + "'", "X'" + hex + "'"};
    case MysqlKeyKind::kTemporal:
      if (!OnlyChars(value, "0123456789-:. ")) break;
      return {"'" + value + "'", "'" + value + "'"};
    default:  // numbers, unquoted so DECIMAL compares as DECIMAL, not as DOUBLE
      if (!OnlyChars(value, "0123456789+-.eE")) break;
      return {value, value};
  }
  throw Error("split_key '" + key.name + "': unexpected boundary value '" + value + "'");
}

std::vector<Split> SplitsFromBounds(const std::string& qk, const std::vector<Bound>& bounds) {
  std::vector<Split> out;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    const Bound* lo = i ? &bounds[i - 1] : nullptr;
    const Bound* hi = i < bounds.size() ? &bounds[i] : nullptr;
    Split s;
    if (lo) s.predicate = qk + " >= " + lo->literal;
    if (hi) s.predicate += (lo ? " AND " : "") + qk + " < " + hi->literal;
    if (!lo && !hi) s.predicate = qk + " IS NOT NULL";
    s.description =
        qk + " in [" + (lo ? lo->shown : "-inf") + ", " + (hi ? hi->shown : "+inf") + ")";
    out.push_back(std::move(s));
  }
  out.push_back({qk + " IS NULL", qk + " is null"});
  return out;
}

std::vector<Split> QuantileSplits(MysqlConnection& conn, const std::string& from,
                                  const std::string& where, const MysqlSplitKey& key,
                                  MysqlKeyKind kind, int channels) {
  std::string qk = QuoteMysqlIdentifier(key.name);
  MysqlRows count = conn.Query("SELECT COUNT(" + qk + ") FROM " + from + WhereClause(where, ""));
  int64_t n = count.empty() || !count[0][0] ? 0 : ToInt64(count[0][0]).value_or(0);
  if (n == 0) return {Split{}};
  std::vector<Bound> bounds;
  std::string select = "SELECT " + BoundExpr(qk, key, kind) + " FROM " + from +
                       WhereClause(where, qk + " IS NOT NULL") + " ORDER BY " + qk +
                       " LIMIT 1 OFFSET ";
  for (int i = 1; i < channels; ++i) {
    int64_t offset = static_cast<int64_t>(static_cast<__int128>(n) * i / channels);
    if (offset == 0) continue;
    MysqlRows row = conn.Query(select + std::to_string(offset));
    if (row.empty() || !row[0][0]) continue;  // rows vanished: cannot happen inside a snapshot
    Bound b = MakeBound(*row[0][0], row[0][1].value_or(""), key, kind);
    if (bounds.empty() || bounds.back().literal != b.literal) bounds.push_back(std::move(b));
  }
  return SplitsFromBounds(qk, bounds);
}

}  // namespace

void RequireSplittable(const MysqlSplitKey& key) {
  if (MysqlSplitKeyKind(key.column_type) == MysqlKeyKind::kUnsplittable)
    throw Error("split_key '" + key.name + "' is a " + key.column_type +
                " column; strata splits on integer, decimal, floating-point, date/time, "
                "character and binary columns");
}

std::vector<Split> PlanMysqlSplits(MysqlConnection& conn, const std::string& from,
                                   const std::string& where, const MysqlSplitKey& key,
                                   int channels) {
  RequireSplittable(key);
  MysqlKeyKind kind = MysqlSplitKeyKind(key.column_type);
  if (channels <= 1) return {Split{}};
  if (kind == MysqlKeyKind::kInteger) {
    std::string qk = QuoteMysqlIdentifier(key.name);
    MysqlRows r =
        conn.Query("SELECT MIN(" + qk + "), MAX(" + qk + ") FROM " + from + WhereClause(where, ""));
    if (r.empty() || !r[0][0]) return {Split{}};  // no rows, or only NULL keys
    auto lo = ToInt64(r[0][0]), hi = ToInt64(r[0][1]);
    if (lo && hi) return SplitIntegerRange(qk, *lo, *hi, channels);
    // BIGINT UNSIGNED past the int64 range: quantiles with numeric literals.
    return QuantileSplits(conn, from, where, key, MysqlKeyKind::kNumber, channels);
  }
  return QuantileSplits(conn, from, where, key, kind, channels);
}

}  // namespace strata
