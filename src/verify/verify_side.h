#pragma once
// VerifySide is one of the two places verify compares: the source, which
// runs the queries in its own SQL inside the snapshot its readers use, or
// the warehouse partition, queried through DuckDB. Both answer the same
// questions, asked in their own dialect. An implementation is used by one
// thread; it does not own what it reads from.

#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "source/source.h"  // TextRows
#include "verify/canonical_sql.h"

namespace strata {

class VerifySide {
 public:
  virtual ~VerifySide() = default;
  virtual SqlDialect dialect() const = 0;
  // " FROM … WHERE …": the side's rows, narrowed by `predicate` ("" for all).
  virtual std::string From(const std::string& predicate) = 0;
  // Runs a query built from From(); its small result as text.
  virtual TextRows Query(const std::string& sql) = 0;
  // How many Query calls may run at once, from as many threads.
  virtual int parallelism() const { return 1; }
  // "source" or "warehouse", for messages.
  virtual std::string name() const = 0;
};

// fn(source) and fn(warehouse), at the same time: the source's server and
// DuckDB each do their half of the work.
template <typename Fn>
auto OnBoth(VerifySide& source, VerifySide& warehouse, Fn fn) {
  auto local = std::async(std::launch::async, [&] { return fn(warehouse); });
  auto remote = fn(source);
  return std::make_pair(std::move(remote), local.get());
}

}  // namespace strata
