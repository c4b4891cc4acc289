#include "source/postgres/postgres_source.h"

#include "source/postgres/pg_connection_pool.h"
#include "source/postgres/pg_copy_reader.h"
#include "source/postgres/pg_read_plan.h"
#include "source/postgres/pg_snapshot.h"
#include "source/postgres/pg_split_planner.h"

namespace strata {
namespace {

bool SameRead(const ReadSpec& a, const ReadSpec& b) {
  return a.table == b.table && a.columns == b.columns && a.where == b.where && a.from == b.from &&
         a.query == b.query;
}

}  // namespace

PostgresSource::PostgresSource(const ConnectionConfig& config) : PostgresSource(config, "") {}

PostgresSource::PostgresSource(const ConnectionConfig& config, const std::string& snapshot_name)
    : snapshot_(std::make_unique<PgSnapshot>(config, snapshot_name)) {
  PgSnapshot* snapshot = snapshot_.get();
  pool_ = std::make_shared<PgConnectionPool>([snapshot] { return snapshot->OpenChannel(); });
}

PostgresSource::~PostgresSource() = default;

std::shared_ptr<const PgReadPlan> PostgresSource::PlanFor(const ReadSpec& spec) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!plan_ || !SameRead(planned_, spec)) {
    plan_ = std::make_shared<const PgReadPlan>(DescribePgRead(*snapshot_, spec));
    planned_ = spec;
  }
  return plan_;
}

SourceTable PostgresSource::Describe(const ReadSpec& spec) {
  std::shared_ptr<const PgReadPlan> plan = PlanFor(spec);
  SourceTable out;
  for (const auto& c : plan->columns)
    out.columns.push_back({c.name, c.type.declared_type, c.warehouse});
  out.primary_key = plan->primary_key;
  return out;
}

std::optional<RowEstimate> PostgresSource::EstimateRows(const ReadSpec& spec) {
  try {
    std::shared_ptr<const PgReadPlan> plan = PlanFor(spec);
    std::lock_guard<std::mutex> lock(mu_);
    if (std::optional<int64_t> rows = EstimatePgRows(snapshot_->planner(), *plan))
      return RowEstimate{*rows, false};
  } catch (const std::exception&) {
    // No total rather than a failed sync: the read itself reports real errors.
  }
  return std::nullopt;
}

std::vector<Split> PostgresSource::PlanSplits(const ReadSpec& spec, int channels) {
  std::shared_ptr<const PgReadPlan> plan = PlanFor(spec);
  std::lock_guard<std::mutex> lock(mu_);
  return PlanPgSplits(snapshot_->planner(), *plan, spec.split_key, channels);
}

std::unique_ptr<SplitReader> PostgresSource::Open(const ReadSpec& spec, const Split& split) {
  std::shared_ptr<const PgReadPlan> plan = PlanFor(spec);
  return std::make_unique<PgCopyReader>(pool_->Borrow(), std::move(plan), split);
}

std::string PostgresSource::ReadFromSql(const ReadSpec& spec, const std::string& predicate) {
  std::shared_ptr<const PgReadPlan> plan = PlanFor(spec);
  return " FROM " + PgFromSql(*plan) + PgWhereSql(*plan, predicate);
}

TextRows PostgresSource::QueryInSnapshot(const ReadSpec& spec, const std::string& sql) {
  PlanFor(spec);  // locks the table and exports the snapshot first
  PgLease lease = pool_->Borrow();
  PgResult r = lease->Exec(sql, "verifying");
  TextRows rows(static_cast<size_t>(r.rows()));
  int64_t bytes = 0;
  for (int i = 0; i < r.rows(); ++i)
    for (int c = 0; c < r.columns(); ++c) {
      if (r.IsNull(i, c)) {
        rows[i].emplace_back();
        continue;
      }
      rows[i].emplace_back(r.Text(i, c));
      bytes += static_cast<int64_t>(rows[i].back()->size());
    }
  query_bytes_ += bytes;
  return rows;
}

std::unique_ptr<Source> OpenPostgresSource(const ConnectionConfig& config) {
  return std::make_unique<PostgresSource>(config);
}

}  // namespace strata
