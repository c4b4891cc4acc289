#pragma once
// WarehouseSide is a relation of the warehouse as a VerifySide, queried
// through DuckDB over the tables' views (Warehouse::RefreshViews must have
// run): one partition of a table, a merge table's live rows, a history
// table's as-of snapshot. The engine must outlive it; one thread at a time.

#include <string>
#include <utility>
#include <vector>

#include "verify/verify_side.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {

class WarehouseSide : public VerifySide {
 public:
  // The rows of `relation` (a quoted table, or a table function call) that
  // `filter` (may be "") keeps.
  WarehouseSide(DuckEngine* engine, std::string relation, std::string filter);
  SqlDialect dialect() const override { return SqlDialect::kDuckDb; }
  std::string From(const std::string& predicate) override;
  TextRows Query(const std::string& sql) override;
  std::string name() const override { return "warehouse"; }
  const std::string& filter() const { return filter_; }

 private:
  DuckEngine* engine_;
  std::string relation_;
  std::string filter_;
};

// The condition that picks partition `spec` ("ds=20161114/hh=01", already
// checked against the table; "" for none) out of its table's view.
std::string PartitionFilterSql(const std::string& spec);

}  // namespace strata
