#include "source/postgres/pg_split_planner.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/names.h"
#include "source/integer_splitter.h"

namespace strata {
namespace {

// Tables estimated above this many rows are sampled to find quantiles.
constexpr double kSampleAbove = 1e6;
constexpr double kSampleRows = 1e5;

std::vector<Split> IntegerSplits(PgConnection& planner, const PgReadPlan& plan,
                                 const std::string& key, int channels) {
  PgResult r = planner.Exec("SELECT min(" + key + ")::text, max(" + key + ")::text FROM " +
                                PgFromSql(plan) + PgWhereSql(plan, ""),
                            "finding the range of split key " + key);
  if (r.IsNull(0, 0)) return {Split{}};  // no rows with a key: one split reads them all
  return SplitIntegerRange(key, std::stoll(r.Text(0, 0)), std::stoll(r.Text(0, 1)), channels);
}

// The distinct quantile boundaries of `key`, in the key's order, as text.
std::vector<std::string> Quantiles(PgConnection& planner, const PgReadPlan& plan,
                                   const std::string& key, int channels, bool sample) {
  std::string fractions;
  for (int i = 1; i < channels; ++i)
    fractions += (i > 1 ? "," : "") + fmt::format("{:.17g}", static_cast<double>(i) / channels);
  std::string from = PgFromSql(plan);
  if (sample)
    from += fmt::format(" TABLESAMPLE SYSTEM ({:.6f})", 100.0 * kSampleRows / plan.reltuples);
  std::string sql = "SELECT b::text FROM unnest((SELECT percentile_disc(ARRAY[" + fractions +
                    "]::float8[]) WITHIN GROUP (ORDER BY " + key + ") FROM " + from +
                    PgWhereSql(plan, key + " IS NOT NULL") +
                    ")) WITH ORDINALITY AS u(b, i) ORDER BY i";
  PgResult r = planner.Exec(sql, "finding split points of split key " + key);
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i)
    if (out.empty() || out.back() != r.Text(i, 0)) out.push_back(r.Text(i, 0));
  return out;
}

// Ranges between consecutive boundaries: each boundary literal appears in the
// two predicates it separates, so the ranges cover every non-NULL key once
// whatever the boundaries are.
std::vector<Split> RangeSplits(const std::string& key, const std::string& cast_type,
                               const std::vector<std::string>& bounds) {
  auto literal = [&](size_t i) { return QuoteLiteral(bounds[i]) + "::" + cast_type; };
  std::vector<Split> out;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    Split s;
    if (i > 0) s.predicate = key + " >= " + literal(i - 1);
    if (i < bounds.size()) s.predicate += (i > 0 ? " AND " : "") + key + " < " + literal(i);
    s.description = key + " in [" + (i > 0 ? QuoteLiteral(bounds[i - 1]) : "-inf") + ", " +
                    (i < bounds.size() ? QuoteLiteral(bounds[i]) : "+inf") + ")";
    out.push_back(std::move(s));
  }
  out.push_back({key + " IS NULL", key + " is null"});
  return out;
}

// split_key: ctid. Ranges of the table's pages (TID range scans, PostgreSQL
// 14+): each channel reads its own blocks as a sequential scan would, where
// key ranges cost an index scan per row. Pages are counted after the snapshot
// was taken, so they hold every row it sees; the last range is open anyway.
std::vector<Split> BlockSplits(PgConnection& planner, const PgReadPlan& plan, int channels) {
  if (plan.relkind != 'r' && plan.relkind != 'm')
    throw Error(planner.label() + ": split_key ctid needs a table or materialized view; " +
                plan.table_name + " is neither");
  PgResult r = planner.Exec("SELECT pg_relation_size(" + QuoteLiteral(plan.table_sql) +
                                "::regclass) / current_setting('block_size')::bigint",
                            "counting the pages of " + plan.table_name);
  int64_t pages = std::stoll(r.Text(0, 0));
  std::vector<Split> out;
  int64_t from = 0;
  for (int i = 1; i <= channels; ++i) {
    int64_t to = pages * i / channels;
    if (to == from && i < channels) continue;
    Split s;
    std::string lo = "ctid >= '(" + std::to_string(from) + ",0)'::tid";
    std::string hi = "ctid < '(" + std::to_string(to) + ",0)'::tid";
    s.predicate = i == 1 ? hi : i == channels ? lo : lo + " AND " + hi;  // channels >= 2
    s.description = "pages [" + std::to_string(from) + ", " +
                    (i == channels ? std::string("end") : std::to_string(to)) + ")";
    out.push_back(std::move(s));
    from = to;
  }
  return out;
}

}  // namespace

std::vector<Split> PlanPgSplits(PgConnection& planner, const PgReadPlan& plan,
                                const std::string& split_key, int channels) {
  std::string name = split_key;
  if (name.empty() && !plan.primary_key.empty()) name = plan.primary_key.front();
  if (channels <= 1 || name.empty() || !plan.query.empty()) return {Split{}};
  if (name == "ctid") return BlockSplits(planner, plan, channels);
  const PgColumn* column = FindPgColumn(plan.table_columns, name);
  if (!column)
    throw Error(planner.label() + ": split_key '" + name + "' is not a column of table " +
                plan.table_name);
  std::string key = QuoteIdentifier(column->name);
  if (column->IsInteger()) return IntegerSplits(planner, plan, key, channels);
  bool sample = (plan.relkind == 'r' || plan.relkind == 'm') && plan.reltuples > kSampleAbove;
  std::vector<std::string> bounds = Quantiles(planner, plan, key, channels, sample);
  if (bounds.empty() && sample) bounds = Quantiles(planner, plan, key, channels, false);
  if (bounds.empty()) return {Split{}};
  return RangeSplits(key, column->type.cast_type, bounds);
}

}  // namespace strata
