#pragma once
// PgSnapshot is the planning connection of one PostgresSource and the one
// snapshot every channel reads. On first use it opens
//   BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY
// takes ACCESS SHARE locks on the tables it is told about (before the
// snapshot exists, so no DDL can slip in between), then runs
// pg_export_snapshot(). The transaction stays open, holding the snapshot and
// the locks, until the PgSnapshot is destroyed. OpenChannel() opens another
// connection whose transaction imports that snapshot (SET TRANSACTION
// SNAPSHOT), so every channel sees exactly the same rows.
//
// Given the name of a snapshot another session exported (a replication
// slot's, for change data capture's first read), the transaction imports it
// instead of exporting its own, and the channels import the same name; the
// exporting session must keep it alive until the channels have joined.
//
// planner() and the other non-const members are for one thread at a time
// (the source serialises them); OpenChannel() is thread-safe once Export()
// has returned.

#include <memory>
#include <optional>
#include <string>

#include "source/postgres/pg_connection.h"

namespace strata {

class PgSnapshot {
 public:
  // Connects the planning connection; throws if the server cannot be reached.
  explicit PgSnapshot(const ConnectionConfig& config, std::string import_snapshot = "");

  // Locks `table_sql` (an SQL name, e.g. "\"Orders\"") in ACCESS SHARE mode.
  // Returns false, leaving nothing locked, if no such relation is visible.
  // Before Export() this happens ahead of the snapshot.
  bool TryLock(const std::string& table_sql);
  // Exports the snapshot (starting the transaction if needed); returns its id.
  const std::string& Export();

  PgConnection& planner() { return *planner_; }
  const ConnectionConfig& config() const { return config_; }

  // A new connection reading in the exported snapshot. Export() first.
  std::unique_ptr<PgConnection> OpenChannel() const;

 private:
  void Begin();

  ConnectionConfig config_;
  std::unique_ptr<PgConnection> planner_;
  bool in_transaction_ = false;
  std::string snapshot_id_;
  std::string import_snapshot_;
};

}  // namespace strata
