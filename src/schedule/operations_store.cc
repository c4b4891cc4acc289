#include "schedule/operations_store.h"

#include "core/clock.h"
#include "core/private_files.h"

namespace strata {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS node_pauses (
  node TEXT PRIMARY KEY,
  paused_by TEXT NOT NULL,
  paused_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operations (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stop_requests (
  instance_id INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  PRIMARY KEY (instance_id, attempt));
CREATE TABLE IF NOT EXISTS run_limits (
  instance_id INTEGER PRIMARY KEY,
  run_group INTEGER NOT NULL,
  parallel INTEGER NOT NULL);
)sql";

}  // namespace

OperationsStore::OperationsStore(const std::filesystem::path& state_db)
    : db_((MakePrivateFile(state_db), state_db), SqliteDb::Mode::kReadWriteCreate) {
  db_.EnableWal();
  SqliteTransaction(db_, [&] { db_.Exec(kSchema); });
}

std::map<std::string, PauseInfo> OperationsStore::Paused() {
  SqliteStatement s(db_, "SELECT node, paused_by, paused_at FROM node_pauses");
  std::map<std::string, PauseInfo> out;
  while (s.Step()) out[s.Text(0)] = {s.Text(1), s.Text(2)};
  return out;
}

void OperationsStore::Pause(const std::string& node, const std::string& who, int64_t now) {
  SqliteStatement(db_, "INSERT OR IGNORE INTO node_pauses VALUES (?, ?, ?)")
      .Bind(1, node)
      .Bind(2, who)
      .Bind(3, FormatLocal(now))
      .Run();
}

void OperationsStore::Resume(const std::string& node) {
  SqliteStatement(db_, "DELETE FROM node_pauses WHERE node = ?").Bind(1, node).Run();
}

void OperationsStore::Record(const std::string& who, const std::string& action,
                             const std::string& detail, int64_t now) {
  SqliteStatement(db_, "INSERT INTO operations (at, who, action, detail) VALUES (?, ?, ?, ?)")
      .Bind(1, FormatLocal(now))
      .Bind(2, who)
      .Bind(3, action)
      .Bind(4, detail)
      .Run();
}

void OperationsStore::RequestStop(int64_t id, int attempt, const std::string& who, int64_t now) {
  SqliteStatement(db_, "INSERT OR IGNORE INTO stop_requests VALUES (?, ?, ?, ?)")
      .Bind(1, id)
      .Bind(2, static_cast<int64_t>(attempt))
      .Bind(3, who)
      .Bind(4, FormatLocal(now))
      .Run();
}

std::optional<std::string> OperationsStore::StopRequestedBy(int64_t id, int attempt) {
  SqliteStatement s(db_,
                    "SELECT requested_by FROM stop_requests WHERE instance_id = ? AND attempt = ?");
  s.Bind(1, id).Bind(2, static_cast<int64_t>(attempt));
  if (!s.Step()) return std::nullopt;
  return s.Text(0);
}

int64_t OperationsStore::LimitParallel(const std::vector<int64_t>& ids, int parallel,
                                       int64_t group) {
  SqliteTransaction(db_, [&] {
    if (group == 0) {
      SqliteStatement g(db_, "SELECT coalesce(max(run_group), 0) + 1 FROM run_limits");
      g.Step();
      group = g.Int(0);
    }
    SqliteStatement s(db_, "INSERT OR REPLACE INTO run_limits VALUES (?, ?, ?)");
    for (int64_t id : ids) {
      s.Reset();
      s.Bind(1, id).Bind(2, group).Bind(3, static_cast<int64_t>(parallel)).Run();
    }
  });
  return group;
}

void OperationsStore::Unlimit(const std::vector<int64_t>& ids) {
  SqliteTransaction(db_, [&] {
    SqliteStatement s(db_, "DELETE FROM run_limits WHERE instance_id = ?");
    for (int64_t id : ids) {
      s.Reset();
      s.Bind(1, id).Run();
    }
  });
}

std::map<int64_t, RunLimit> OperationsStore::RunLimits() {
  // Finished instances no longer count: the limits of old backfills cost nothing.
  SqliteStatement s(db_,
                    "SELECT r.instance_id, r.run_group, r.parallel, i.state = 'running' "
                    "FROM run_limits r JOIN instances i ON i.id = r.instance_id "
                    "WHERE i.state IN ('waiting', 'running')");
  std::map<int64_t, RunLimit> out;
  while (s.Step()) out[s.Int(0)] = {s.Int(1), static_cast<int>(s.Int(2)), s.Int(3) != 0};
  return out;
}

std::vector<OperationRecord> OperationsStore::Recent(int limit) {
  SqliteStatement s(db_,
                    "SELECT id, at, who, action, detail FROM operations ORDER BY id DESC LIMIT ?");
  s.Bind(1, static_cast<int64_t>(limit));
  std::vector<OperationRecord> out;
  while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
  return out;
}

}  // namespace strata
