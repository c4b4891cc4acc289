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

std::vector<OperationRecord> OperationsStore::Recent(int limit) {
  SqliteStatement s(db_,
                    "SELECT id, at, who, action, detail FROM operations ORDER BY id DESC LIMIT ?");
  s.Bind(1, static_cast<int64_t>(limit));
  std::vector<OperationRecord> out;
  while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
  return out;
}

}  // namespace strata
