#include "source/postgres/pg_snapshot.h"

#include "core/error.h"
#include "core/names.h"

namespace strata {
namespace {

constexpr const char* kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

}  // namespace

PgSnapshot::PgSnapshot(const ConnectionConfig& config, std::string import_snapshot)
    : config_(config),
      planner_(std::make_unique<PgConnection>(config)),
      import_snapshot_(std::move(import_snapshot)) {}

void PgSnapshot::Begin() {
  if (in_transaction_) return;
  if (import_snapshot_.empty()) {
    planner_->Exec(kBegin, "starting the snapshot transaction");
  } else {
    // Imported first thing: the locks then follow the snapshot, which is
    // the exporter's to hold steady.
    planner_->Exec(
        std::string(kBegin) + "; SET TRANSACTION SNAPSHOT " + QuoteLiteral(import_snapshot_),
        "importing snapshot " + import_snapshot_);
    snapshot_id_ = import_snapshot_;
  }
  in_transaction_ = true;
}

bool PgSnapshot::TryLock(const std::string& table_sql) {
  Begin();
  // LOCK and SAVEPOINT take no snapshot, so a lock taken before Export()
  // really precedes it. A failed attempt only undoes itself.
  planner_->Exec("SAVEPOINT strata_lock", "locking " + table_sql);
  PgResult r = planner_->TryExec("LOCK TABLE " + table_sql + " IN ACCESS SHARE MODE");
  if (r.status() == PGRES_COMMAND_OK) {
    planner_->Exec("RELEASE SAVEPOINT strata_lock", "locking " + table_sql);
    return true;
  }
  std::string state = r.SqlState();
  planner_->Exec("ROLLBACK TO SAVEPOINT strata_lock; RELEASE SAVEPOINT strata_lock",
                 "locking " + table_sql);
  if (state == "42P01") return false;  // undefined_table
  // Other relations (a foreign table on an old server, say) are locked by the
  // reads themselves; real problems such as missing privileges surface there.
  return true;
}

const std::string& PgSnapshot::Export() {
  if (!snapshot_id_.empty()) return snapshot_id_;
  Begin();
  if (!snapshot_id_.empty()) return snapshot_id_;  // imported
  PgResult r = planner_->Exec("SELECT pg_export_snapshot()", "exporting the snapshot");
  snapshot_id_ = r.Text(0, 0);
  return snapshot_id_;
}

std::unique_ptr<PgConnection> PgSnapshot::OpenChannel() const {
  if (snapshot_id_.empty()) throw Error("internal: snapshot used before it was exported");
  auto conn = std::make_unique<PgConnection>(config_);
  conn->Exec(std::string(kBegin) + "; SET TRANSACTION SNAPSHOT " + QuoteLiteral(snapshot_id_),
             "joining the snapshot");
  return conn;
}

}  // namespace strata
