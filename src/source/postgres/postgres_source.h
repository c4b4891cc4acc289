#pragma once
// PostgresSource reads tables and queries of a PostgreSQL server (URL
// postgres://user@host:port/db?sslmode=... or a libpq key=value string;
// the password comes from ConnectionConfig::password). Type mapping, splits,
// snapshot and locking are documented in docs/sources/postgres.md.
//
// All channels read ONE consistent snapshot: the planning connection opens a
// REPEATABLE READ READ ONLY transaction, locks the table (ACCESS SHARE),
// exports its snapshot and keeps it open until the source is destroyed; each
// channel connection imports that snapshot. Channel connections are pooled:
// Open() borrows one (opening it if none is idle), the reader gives it back.
//
// Describe and PlanSplits are called once per node; Open may be called from
// several threads at once (thread-safe). Readers must not outlive the source.

#include <atomic>
#include <memory>
#include <mutex>

#include "source/source.h"

namespace strata {

class PgConnectionPool;
class PgSnapshot;
struct PgReadPlan;

class PostgresSource : public Source {
 public:
  // Connects the planning connection; throws strata::Error naming host:port
  // and the server's message if it cannot.
  explicit PostgresSource(const ConnectionConfig& config);
  // Reads in `snapshot`, exported by another session (a replication slot's
  // snapshot for change data capture's first read) instead of its own.
  PostgresSource(const ConnectionConfig& config, const std::string& snapshot);
  ~PostgresSource() override;

  SourceTable Describe(const ReadSpec& spec) override;
  // The planner's estimate (EstimatePgRows), inside the source's snapshot.
  std::optional<RowEstimate> EstimateRows(const ReadSpec& spec) override;
  std::vector<Split> PlanSplits(const ReadSpec& spec, int channels) override;
  std::unique_ptr<SplitReader> Open(const ReadSpec& spec, const Split& split) override;

  std::string SqlDialect() const override { return "postgres"; }
  bool ParallelizesQueries() const override { return true; }
  std::string ReadFromSql(const ReadSpec& spec, const std::string& predicate) override;
  // Runs on a channel connection (the pool's), in the snapshot every channel
  // imports; calls may run at once from several threads.
  TextRows QueryInSnapshot(const ReadSpec& spec, const std::string& sql) override;
  int64_t QueryBytesRead() const override { return query_bytes_; }

 private:
  // The described read for `spec`, describing it on first use.
  std::shared_ptr<const PgReadPlan> PlanFor(const ReadSpec& spec);

  std::mutex mu_;  // guards the planning connection and the cached plan
  std::unique_ptr<PgSnapshot> snapshot_;
  std::shared_ptr<PgConnectionPool> pool_;  // destroyed first: channels close before the planner
  std::shared_ptr<const PgReadPlan> plan_;
  ReadSpec planned_;  // the spec plan_ describes
  std::atomic<int64_t> query_bytes_{0};
};

std::unique_ptr<Source> OpenPostgresSource(const ConnectionConfig& config);

}  // namespace strata
