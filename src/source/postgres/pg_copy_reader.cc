#include "source/postgres/pg_copy_reader.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "source/postgres/pg_binary_decoder.h"

namespace strata {
namespace {

std::string Context(const PgReadPlan& plan, const Split& split) {
  std::string what = plan.query.empty() ? "reading table " + plan.table_name : "reading the query";
  return split.description.empty() ? what : what + " (split " + split.description + ")";
}

}  // namespace

PgCopyReader::PgCopyReader(PgLease lease, std::shared_ptr<const PgReadPlan> plan,
                           const Split& split)
    : lease_(std::move(lease)), plan_(std::move(plan)), context_(Context(*plan_, split)) {
  LockTable();
  stream_ = std::make_unique<PgCopyStream>(*lease_, PgCopySql(*plan_, split.predicate),
                                           static_cast<int>(plan_->columns.size()), context_);
}

void PgCopyReader::LockTable() {
  // Tables, partitioned tables and views; PostgreSQL cannot LOCK materialized
  // views and foreign tables (the SELECT still takes their ACCESS SHARE lock).
  char kind = plan_->relkind;
  if (kind != 'r' && kind != 'p' && kind != 'v') return;
  // The planning transaction holds this lock already. NOWAIT: should a
  // session be queued for an exclusive lock (ALTER TABLE, TRUNCATE ...),
  // waiting behind it would wait for this very sync to end.
  PgResult r = lease_->TryExec("LOCK TABLE " + plan_->table_sql + " IN ACCESS SHARE MODE NOWAIT");
  if (r.status() != PGRES_COMMAND_OK)
    lease_->Fail(r.SqlState() == "55P03"  // lock_not_available
                     ? context_ + ": another session is waiting for an exclusive lock on " +
                           "the table (ALTER TABLE, TRUNCATE, VACUUM FULL ...); not queuing "
                           "behind it while this sync holds the table"
                     : context_,
                 r.get());
}

bool PgCopyReader::Next(ValueSink& sink) {
  if (!stream_->Next()) return false;
  const auto& columns = plan_->columns;
  int i = 0;
  try {
    for (; i < static_cast<int>(columns.size()); ++i) {
      if (stream_->IsNull(i))
        sink.Null(i);
      else
        PgDeliver(columns[i].wire, stream_->Field(i), i, sink, scratch_);
    }
  } catch (const Error& e) {
    throw Error(lease_->label() + ": " + context_ + ": column '" + columns[i].name +
                "': " + e.what());
  }
  return true;
}

std::string PgCopyReader::CurrentRowJson() {
  nlohmann::json row = nlohmann::json::object();
  const auto& columns = plan_->columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    int f = static_cast<int>(i);
    if (stream_->IsNull(f))
      row[columns[i].name] = nullptr;
    else
      row[columns[i].name] = PgValueText(columns[i].wire, stream_->Field(f));
  }
  return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace strata
