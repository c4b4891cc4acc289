#include "verify/source_side.h"

namespace strata {

SourceSide::SourceSide(Source* source, const ReadSpec* spec)
    : source_(source), spec_(spec), dialect_(ParseSqlDialect(source->SqlDialect())) {}

std::string SourceSide::From(const std::string& predicate) {
  return source_->ReadFromSql(*spec_, predicate);
}

TextRows SourceSide::Query(const std::string& sql) {
  return source_->QueryInSnapshot(*spec_, sql);
}

}  // namespace strata
