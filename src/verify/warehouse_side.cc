#include "verify/warehouse_side.h"

#include "core/names.h"
#include "verify/duck_row_hash.h"

namespace strata {

WarehouseSide::WarehouseSide(DuckEngine* engine, std::string relation, std::string filter)
    : engine_(engine), relation_(std::move(relation)), filter_(std::move(filter)) {
  RegisterRowHashFunctions(*engine_);
}

std::string PartitionFilterSql(const std::string& spec) {
  // "ds=20161114/hh=01": one equality per level; partition values are text.
  std::string filter;
  size_t at = 0;
  while (at < spec.size()) {
    size_t end = spec.find('/', at);
    if (end == std::string::npos) end = spec.size();
    std::string level = spec.substr(at, end - at);
    size_t eq = level.find('=');
    if (eq != std::string::npos)
      filter += (filter.empty() ? "" : " AND ") + std::string("CAST(") +
                QuoteIdentifier(level.substr(0, eq)) +
                " AS VARCHAR) = " + QuoteLiteral(level.substr(eq + 1));
    at = end + 1;
  }
  return filter;
}

std::string WarehouseSide::From(const std::string& predicate) {
  std::string where = filter_;
  if (!predicate.empty()) where += (where.empty() ? "(" : " AND (") + predicate + ")";
  return " FROM " + relation_ + (where.empty() ? "" : " WHERE " + where);
}

TextRows WarehouseSide::Query(const std::string& sql) {
  return engine_->Query(sql).rows;
}

}  // namespace strata
