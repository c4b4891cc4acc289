#include "verify/source_side.h"

#include <algorithm>

namespace strata {

SourceSide::SourceSide(Source* source, const ReadSpec* spec, int parallelism)
    : source_(source),
      spec_(spec),
      dialect_(ParseSqlDialect(source->SqlDialect())),
      parallelism_(std::max(1, parallelism)) {
  source_->SetQueryConnections(parallelism_);
}

std::string SourceSide::From(const std::string& predicate) {
  return source_->ReadFromSql(*spec_, predicate);
}

TextRows SourceSide::Query(const std::string& sql) {
  return source_->QueryInSnapshot(*spec_, sql);
}

}  // namespace strata
