#pragma once
// QualityGate evaluates a node's quality rules (`checks:`) on what a commit
// is about to publish: the Warehouse calls Inspect() with each staged
// partition after its files are written and before the swap
// (Warehouse::SetCommitGate). The rules run in the warehouse's DuckDB over
// the staged Parquet files, which are visible to them under the table's own
// name (a temporary view shadowing the published one), so a rule's SQL reads
// the new rows while every other table reads as published.
//
// A failing strong rule makes Inspect() throw after every rule of the commit
// has been evaluated: the Warehouse then abandons the staging folder, so the
// previous partition stays exactly as it was. A failing weak rule is only
// recorded. A rule that cannot run (bad SQL, a column the table lacks) throws
// whatever its level: it is a mistake in the project, not in the data.
//
// Not thread-safe; borrows the Warehouse, which must outlive it.

#include <cstdint>
#include <string>
#include <vector>

#include "quality/check_rule.h"
#include "warehouse/warehouse.h"

namespace strata {

struct CheckResult {
  std::string rule;  // DescribeRule()
  CheckLevel level = CheckLevel::kStrong;
  std::string table;
  std::string partition;  // the staged partition's spec; "" = unpartitioned
  bool passed = true;
  int64_t failing = 0;  // failing rows (groups, for unique); 0 for row-count rules
  std::string detail;   // what was measured, and a few failing rows
};

class QualityGate {
 public:
  // `rules` name their table (CheckRule::table non-empty) and have their
  // scheduling parameters substituted already. `bizdate` and `previous` are
  // yyyymmdd: row_count_change compares with the partition whose spec names
  // `previous` where this one names `bizdate`.
  QualityGate(Warehouse* wh, std::vector<CheckRule> rules, std::string bizdate,
              std::string previous);

  // Evaluates the rules on `staged.table`; throws strata::Error listing every
  // failing strong rule.
  void Inspect(const StagedPartition& staged);
  // Every result so far, in evaluation order.
  const std::vector<CheckResult>& results() const { return results_; }

 private:
  CheckResult Evaluate(const CheckRule& rule, const TableInfo& table, const std::string& spec);
  void RequireColumns(const CheckRule& rule, const TableInfo& table) const;
  // Counts the rows of `query` ("<n> <noun>s<what>") and shows a few of them.
  void Failing(const std::string& query, const std::string& noun, const std::string& what,
               CheckResult& out);
  void RowCountChange(const CheckRule& rule, const std::string& view, const std::string& spec,
                      CheckResult& out);
  std::string PreviousSpec(const std::string& spec) const;
  int64_t CountRows(const std::string& query);

  Warehouse* wh_;
  std::vector<CheckRule> rules_;
  std::string bizdate_, previous_;
  std::vector<CheckResult> results_;
};

}  // namespace strata
