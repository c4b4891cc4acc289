#include "quality/quality_gate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/error.h"
#include "core/names.h"
#include "warehouse/storage/staged_select.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

constexpr int kSampleRows = 3;       // failing rows a result shows
constexpr size_t kSampleWidth = 40;  // characters of one value shown

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string Dashed(const std::string& ymd) {
  return ymd.size() == 8 ? ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6) : ymd;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep,
                 std::string (*quote)(std::string_view)) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + quote(item);
  return out;
}

// A user's query without the trailing semicolons a SQL file would have.
std::string Subquery(std::string sql) {
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';'))
    sql.pop_back();
  return sql;
}

// "1 row", "2 rows"; "1 duplicated value" with noun "duplicated value".
std::string Count(int64_t n, const std::string& noun = "row") {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string FormatRow(const QueryResult& r, size_t row) {
  std::string out;
  for (size_t c = 0; c < r.columns.size(); ++c) {
    const auto& v = r.rows[row][c];
    std::string text = v ? *v : "NULL";
    if (text.size() > kSampleWidth) text = text.substr(0, kSampleWidth - 3) + "...";
    out += (out.empty() ? "" : ", ") + r.columns[c] + "=" + text;
  }
  return "(" + out + ")";
}

}  // namespace

QualityGate::QualityGate(Warehouse* wh, std::vector<CheckRule> rules, std::string bizdate,
                         std::string previous)
    : wh_(wh),
      rules_(std::move(rules)),
      bizdate_(std::move(bizdate)),
      previous_(std::move(previous)) {}

void QualityGate::Inspect(const StagedPartition& staged) {
  std::vector<const CheckRule*> mine;
  for (const auto& rule : rules_)
    if (rule.table == staged.table) mine.push_back(&rule);
  if (mine.empty()) return;
  TableInfo table = wh_->RequireTable(staged.table);
  for (const CheckRule* rule : mine) RequireColumns(*rule, table);
  DuckEngine& engine = wh_->engine();
  // A `sql` rule may join published tables: a sync's engine has no views yet.
  if (std::any_of(mine.begin(), mine.end(), [](auto* r) { return r->kind == CheckKind::kSql; }))
    wh_->RefreshViews();
  std::string view = "temp." + QuoteIdentifier(table.name);
  engine.Execute("CREATE OR REPLACE TEMP VIEW " + QuoteIdentifier(table.name) + " AS " +
                 StagedSelect(table, staged));
  std::string failures;
  try {
    for (const CheckRule* rule : mine) {
      CheckResult result;
      try {
        result = Evaluate(*rule, table, staged.spec);
      } catch (const Error& e) {
        // Recorded too, so that status lists it with the rules that ran.
        results_.push_back({DescribeRule(*rule), rule->level, table.name, staged.spec, false, 0,
                            std::string("could not run: ") + e.what()});
        throw Error(rule->where + "check " + DescribeRule(*rule) + " could not run: " + e.what());
      }
      if (!result.passed && rule->level == CheckLevel::kStrong)
        failures += (failures.empty() ? "" : "; ") + result.rule + ": " + result.detail;
      results_.push_back(std::move(result));
    }
  } catch (...) {
    engine.Execute("DROP VIEW IF EXISTS " + view);
    throw;
  }
  engine.Execute("DROP VIEW IF EXISTS " + view);
  if (!failures.empty())
    throw Error("strong check failed on " + table.name +
                (staged.spec.empty() ? "" : " partition " + staged.spec) +
                ", nothing published: " + failures);
}

void QualityGate::RequireColumns(const CheckRule& rule, const TableInfo& table) const {
  for (const auto& name : rule.columns) {
    auto has = [&](const Column& c) { return c.name == name; };
    if (std::any_of(table.columns.begin(), table.columns.end(), has) ||
        std::any_of(table.partition_columns.begin(), table.partition_columns.end(), has))
      continue;
    std::string all;
    for (const auto& c : table.columns) all += (all.empty() ? "" : ", ") + c.name;
    for (const auto& c : table.partition_columns) all += (all.empty() ? "" : ", ") + c.name;
    throw Error(rule.where + "column '" + name + "' is not in table '" + table.name +
                "' (its columns: " + all + ")");
  }
}

int64_t QualityGate::CountRows(const std::string& query) {
  QueryResult r = wh_->engine().Query("SELECT count(*) FROM (" + query + "\n)");
  return r.rows.empty() || !r.rows[0][0] ? 0 : std::stoll(*r.rows[0][0]);
}

void QualityGate::Failing(const std::string& query, const std::string& noun,
                          const std::string& what, CheckResult& out) {
  out.failing = CountRows(query);
  out.passed = out.failing == 0;
  out.detail = Count(out.failing, noun) + what;
  if (out.passed) return;
  QueryResult sample =
      wh_->engine().Query("SELECT * FROM (" + query + "\n) LIMIT " + std::to_string(kSampleRows));
  std::string rows;
  for (size_t i = 0; i < sample.rows.size(); ++i) rows += (i ? " " : "") + FormatRow(sample, i);
  out.detail += "; e.g. " + rows;
}

CheckResult QualityGate::Evaluate(const CheckRule& rule, const TableInfo& table,
                                  const std::string& spec) {
  CheckResult out{DescribeRule(rule), rule.level, table.name, spec, true, 0, ""};
  std::string view = "temp." + QuoteIdentifier(table.name);
  switch (rule.kind) {
    case CheckKind::kRowCount: {
      int64_t n = CountRows("SELECT * FROM " + view);
      out.passed = (!rule.min || n >= *rule.min) && (!rule.max || n <= *rule.max);
      out.detail = Count(n);
      if (rule.min && n < *rule.min) out.detail += fmt::format(", fewer than {}", *rule.min);
      if (rule.max && n > *rule.max) out.detail += fmt::format(", more than {}", *rule.max);
      break;
    }
    case CheckKind::kRowCountChange: RowCountChange(rule, view, spec, out); break;
    case CheckKind::kNotNull: {
      std::string cond = Join(rule.columns, " IS NULL OR ", QuoteIdentifier) + " IS NULL";
      Failing("SELECT * FROM " + view + " WHERE " + cond, "row", " with NULL", out);
      break;
    }
    case CheckKind::kUnique: {
      std::string cols = Join(rule.columns, ", ", QuoteIdentifier);
      Failing("SELECT " + cols + ", count(*) AS copies FROM " + view + " GROUP BY " + cols +
                  " HAVING count(*) > 1",
              "duplicated value", "", out);
      break;
    }
    case CheckKind::kAcceptedValues: {
      std::string col = QuoteIdentifier(rule.columns.at(0));
      Failing("SELECT * FROM " + view + " WHERE " + col + " IS NOT NULL AND " + col + " NOT IN (" +
                  Join(rule.values, ", ", QuoteLiteral) + ")",
              "row", " with another value", out);
      break;
    }
    case CheckKind::kExpression:
      Failing("SELECT * FROM " + view + " WHERE NOT (" + rule.sql + "\n)", "row",
              " where it is false", out);
      break;
    case CheckKind::kSql: Failing(Subquery(rule.sql), "failing row", "", out); break;
  }
  return out;
}

void QualityGate::RowCountChange(const CheckRule& rule, const std::string& view,
                                 const std::string& spec, CheckResult& out) {
  int64_t n = CountRows("SELECT * FROM " + view);
  std::string previous = PreviousSpec(spec);
  auto before = wh_->catalog().FindPartition(out.table, previous);
  std::string name = previous.empty() ? "the published table" : previous;
  if (!before || before->rows == 0) {
    std::string missing = previous.empty() ? "nothing published yet" : "no partition " + previous;
    out.detail = Count(n) + "; " + (before ? name + " is empty" : missing) + ": not compared";
    return;
  }
  double change = 100.0 * static_cast<double>(n - before->rows) / static_cast<double>(before->rows);
  out.passed = std::fabs(change) <= rule.max_percent;
  out.detail = fmt::format("{} vs {} in {}: {:+.1f}% (at most {}%)", Count(n), before->rows, name,
                           change, rule.max_percent);
}

// The previous business date's partition: this spec with the business date
// (as yyyymmdd or yyyy-mm-dd) replaced by the previous one. A spec without
// the date (an unpartitioned table, a merge table) compares with what is
// published now, which is the previous run's result.
std::string QualityGate::PreviousSpec(const std::string& spec) const {
  std::string out = Replace(spec, bizdate_, previous_);
  return Replace(out, Dashed(bizdate_), Dashed(previous_));
}

}  // namespace strata
