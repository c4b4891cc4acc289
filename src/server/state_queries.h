#pragma once
// StateQueries answers the page's read-only questions about the scheduler's
// state database as JSON: the overview counts, the DAG with one date's
// states, the node x date grid, one instance's detail (with the results of
// its quality rules, CheckResultStore), the captures' lags. Every call opens its
// own read-only connection, so calls are thread-safe and never hold a write
// lock the scheduler waits for; every query uses an index (bizdate, id, node),
// so answers stay fast with hundreds of thousands of instances. It never
// returns a connection's password or any other secret: only names, states,
// times, messages and logs.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "schedule/project.h"

namespace strata {

class SqliteDb;

// The states the page shows an instance in (schedule/shown_states.h).
const std::vector<std::string>& ShownStateNames();

struct GridQuery {
  std::string from, to;         // yyyymmdd, inclusive
  std::string node_filter;      // substring of the node name; "" = all
  std::string state;            // one of ShownStateNames(); "" = all
  int offset = 0, limit = 100;  // a page of nodes
};

class StateQueries {
 public:
  explicit StateQueries(const Project& project);

  nlohmann::json Overview(const std::string& bizdate, int failure_days);
  nlohmann::json Dag(const std::string& bizdate);
  nlohmann::json Grid(const GridQuery& query);
  // nullopt when there is no such instance.
  std::optional<nlohmann::json> Instance(int64_t id);
  nlohmann::json Operations(int limit);
  // Each capture: log node's lag behind its source's log (MeasureCaptureLags):
  // asks every capture source for its log's end, so it is a call of its own.
  nlohmann::json Captures();

 private:
  std::filesystem::path StateFile() const;
  nlohmann::json CheckResults(SqliteDb& db, int64_t instance);
  const Project& project_;
};

}  // namespace strata
