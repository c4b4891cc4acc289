#pragma once
// MysqlSource reads tables and queries of a MySQL or MariaDB server
// (mysql://user@host:port/db?ssl-mode=…, mariadb:// alike; see mysql_url.h and
// docs/sources/mysql.md). Planning (Describe, PlanSplits) runs on one control
// connection; PlanSplits then opens one connection per channel and starts a
// single consistent snapshot on all of them (mysql_snapshot.h), and cuts the
// rows into splits inside that snapshot (mysql_split_planner.h). Open lends
// one of those connections to each reader, so every split of a sync reads
// the same instant. Open without PlanSplits reads through a one-connection
// snapshot of its own.
// Ownership: owns the control connection and the pool; readers share the
// pool, which closes its connections when the source and every reader are
// gone. Thread-safety: Describe and PlanSplits from one thread; Open from
// any number of threads at once.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "source/mysql/mysql_connection.h"
#include "source/mysql/mysql_schema.h"
#include "source/mysql/mysql_snapshot.h"
#include "source/mysql/mysql_url.h"
#include "source/source.h"

namespace strata {

class MysqlSource : public Source {
 public:
  // Parses the URL and connects; throws Error naming the connection.
  explicit MysqlSource(const ConnectionConfig& config);

  SourceTable Describe(const ReadSpec& spec) override;
  // EXPLAIN's rows when the plan is one row (times `filtered` where the
  // server reports it); else, for a whole table, information_schema's
  // TABLE_ROWS. Both are the server's statistics, never a count.
  std::optional<RowEstimate> EstimateRows(const ReadSpec& spec) override;
  std::vector<Split> PlanSplits(const ReadSpec& spec, int channels) override;
  std::unique_ptr<SplitReader> Open(const ReadSpec& spec, const Split& split) override;

  std::string SqlDialect() const override { return "mysql"; }
  std::string ReadFromSql(const ReadSpec& spec, const std::string& predicate) override;
  // Runs on a connection of the pool Open reads (a snapshot of one, taken
  // on first use, when PlanSplits has not taken one).
  TextRows QueryInSnapshot(const ReadSpec& spec, const std::string& sql) override;
  int64_t QueryBytesRead() const override { return query_bytes_; }
  // A snapshot of that many connections (mysql_snapshot.h: it may fall back to one).
  void SetQueryConnections(int connections) override { query_connections_ = connections; }

  // The snapshot the last PlanSplits (or first Open) took; null before.
  std::shared_ptr<const MysqlSnapshot> snapshot() const;

 private:
  std::unique_ptr<MysqlConnection> Connect() const;
  // The described table or query for `spec`, cached; call with mu_ held.
  const MysqlTable& TableLocked(const ReadSpec& spec);
  // The spec's where and cursor bound in MySQL's dialect.
  std::string FilterLocked(const ReadSpec& spec);
  std::string SplitKeyLocked(const ReadSpec& spec);
  std::string SelectSql(const ReadSpec& spec, const Split& split);

  ConnectionConfig config_;
  MysqlUrl url_;
  std::unique_ptr<MysqlConnection> control_;
  mutable std::mutex mu_;
  std::optional<std::pair<std::string, MysqlTable>> described_;  // cache key, table
  std::shared_ptr<MysqlSnapshot> snapshot_;
  std::atomic<int64_t> query_bytes_{0};
  int query_connections_ = 1;
};

// What source_factory calls for mysql:// and mariadb:// URLs.
std::unique_ptr<Source> OpenMysqlSource(const ConnectionConfig& config);

}  // namespace strata
