#pragma once
// WarehouseSide is a warehouse table (one partition of it, or the whole
// table when it has no partitions) as a VerifySide, queried through DuckDB
// over the table's view (Warehouse::RefreshViews must have run). The engine
// must outlive it; one thread at a time.

#include <string>
#include <utility>
#include <vector>

#include "verify/verify_side.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {

class WarehouseSide : public VerifySide {
 public:
  // `spec`: "ds=20161114/hh=01" (already checked against the table), or "".
  WarehouseSide(DuckEngine* engine, std::string table, const std::string& spec);
  SqlDialect dialect() const override { return SqlDialect::kDuckDb; }
  std::string From(const std::string& predicate) override;
  TextRows Query(const std::string& sql) override;
  std::string name() const override { return "warehouse"; }
  // The WHERE conditions that pick the partition ("" for none), "AND"-joined.
  const std::string& partition_filter() const { return filter_; }

 private:
  DuckEngine* engine_;
  std::string table_;
  std::string filter_;
};

}  // namespace strata
