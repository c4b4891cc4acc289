#include "schedule/state_store.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/error.h"
#include "core/private_files.h"

namespace strata {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS instances (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  bizdate TEXT NOT NULL,
  scheduled INTEGER NOT NULL,
  scheduled_local TEXT NOT NULL,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL DEFAULT '',
  ended_at TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  log_path TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  UNIQUE (node, scheduled));
CREATE INDEX IF NOT EXISTS instances_bizdate ON instances (bizdate);
CREATE INDEX IF NOT EXISTS instances_state ON instances (state, bizdate);
CREATE TABLE IF NOT EXISTS attempts (
  instance INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  owner TEXT NOT NULL,
  started INTEGER NOT NULL,
  ended INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'running',
  started_ms INTEGER NOT NULL DEFAULT 0,  -- wall clock, whatever Clock says: orders attempts
  ended_ms INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

constexpr const char* kCols =
    "id, node, bizdate, scheduled, scheduled_local, state, attempt, not_before, started_at, "
    "ended_at, message, log_path, owner";

Instance Read(const SqliteStatement& s) {
  Instance i;
  i.id = s.Int(0);
  i.node = s.Text(1);
  i.bizdate = s.Text(2);
  i.scheduled = s.Int(3);
  i.scheduled_local = s.Text(4);
  i.state = ParseState(s.Text(5));
  i.attempt = static_cast<int>(s.Int(6));
  i.not_before = s.Int(7);
  i.started_at = s.Text(8);
  i.ended_at = s.Text(9);
  i.message = s.Text(10);
  i.log_path = s.Text(11);
  i.owner = s.Text(12);
  return i;
}

int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string HostName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::string FirstLine(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// The kernel's boot, shortened: pids and start times restart with it.
std::string BootId() {
  std::string id = FirstLine("/proc/sys/kernel/random/boot_id");
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id.empty() ? "noboot" : id.substr(0, 8);
}

// Field 22 of /proc/<pid>/stat: when the process started, in clock ticks
// since boot. "" if there is no such process.
std::string StartTime(pid_t pid) {
  std::string stat = FirstLine("/proc/" + std::to_string(pid) + "/stat");
  size_t end_of_name = stat.rfind(')');  // the name may hold spaces and parentheses
  if (end_of_name == std::string::npos) return "";
  std::istringstream fields(stat.substr(end_of_name + 1));
  std::string field;
  for (int i = 3; i <= 22 && (fields >> field); ++i) {
  }
  return field;
}

std::vector<std::string> SplitOwner(const std::string& owner) {
  std::vector<std::string> parts;
  std::istringstream in(owner);
  for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
  return parts;
}

// Whether the process an owner token names still runs. A token is
// host:pid:boot:start; a pid alone would be wrong after a reboot or in a
// restarted container, where the same pid now belongs to another process.
bool OwnerAlive(const std::string& owner) {
  std::vector<std::string> parts = SplitOwner(owner);
  if (parts.size() < 2) return false;
  if (parts[0] != HostName()) return true;  // another machine's: not ours to judge
  pid_t pid = 0;
  try {
    pid = static_cast<pid_t>(std::stol(parts[1]));
  } catch (const std::exception&) {
    return false;
  }
  if (pid <= 0 || (kill(pid, 0) != 0 && errno != EPERM)) return false;
  if (parts.size() < 4) return true;  // a token from before start times were recorded
  return parts[2] == BootId() && parts[3] == StartTime(pid);
}

}  // namespace

const char* StateName(InstanceState s) {
  switch (s) {
    case InstanceState::kNotRun: return "not-run";
    case InstanceState::kWaiting: return "waiting";
    case InstanceState::kRunning: return "running";
    case InstanceState::kSucceeded: return "succeeded";
    case InstanceState::kFailed: return "failed";
    case InstanceState::kSkipped: return "skipped";
  }
  return "?";
}

InstanceState ParseState(const std::string& s) {
  for (auto st : {InstanceState::kNotRun, InstanceState::kWaiting, InstanceState::kRunning,
                  InstanceState::kSucceeded, InstanceState::kFailed, InstanceState::kSkipped})
    if (s == StateName(st)) return st;
  throw Error("state database holds an unknown state '" + s + "'");
}

std::string StateStore::ThisOwner() {
  static const std::string owner =
      HostName() + ":" + std::to_string(getpid()) + ":" + BootId() + ":" + StartTime(getpid());
  return owner;
}

StateStore::StateStore(const std::filesystem::path& file)
    : db_((MakePrivateFile(file), file), SqliteDb::Mode::kReadWriteCreate) {
  db_.EnableWal();
  SqliteTransaction(db_, [&] { db_.Exec(kSchema); });
}

std::vector<Instance> StateStore::Select(const std::string& where,
                                         const std::vector<std::string>& args) {
  SqliteStatement s(db_, std::string("SELECT ") + kCols + " FROM instances WHERE " + where +
                             " ORDER BY scheduled, id");
  for (size_t i = 0; i < args.size(); ++i) s.Bind(static_cast<int>(i + 1), args[i]);
  std::vector<Instance> out;
  while (s.Step()) out.push_back(Read(s));
  return out;
}

Instance StateStore::Ensure(const std::string& node, const std::string& bizdate, int64_t scheduled,
                            const std::string& scheduled_local, bool dry_run) {
  SqliteStatement ins(db_,
                      "INSERT OR IGNORE INTO instances (node, bizdate, scheduled, scheduled_local, "
                      "state, message) VALUES (?, ?, ?, ?, ?, ?)");
  ins.Bind(1, node).Bind(2, bizdate).Bind(3, scheduled).Bind(4, scheduled_local);
  ins.Bind(5, dry_run ? "skipped" : "waiting").Bind(6, dry_run ? "dry run: not due this day" : "");
  ins.Run();
  auto found = Select("node = ? AND scheduled = ?", {node, std::to_string(scheduled)});
  return found.at(0);
}

std::optional<Instance> StateStore::Get(int64_t id) {
  auto found = Select("id = ?", {std::to_string(id)});
  if (found.empty()) return std::nullopt;
  return found[0];
}

std::vector<Instance> StateStore::ForBizdates(const std::string& from, const std::string& to) {
  return Select("bizdate >= ? AND bizdate <= ?", {from, to});
}

std::vector<Instance> StateStore::ForNode(const std::string& node) {
  return Select("node = ?", {node});
}

std::vector<Instance> StateStore::InState(InstanceState state) {
  return Select("state = ?", {StateName(state)});
}

bool StateStore::Reset(int64_t id) {
  SqliteStatement s(db_,
                    "UPDATE instances SET state = 'waiting', not_before = 0 "
                    "WHERE id = ? AND state != 'running'");
  s.Bind(1, id).Run();
  return sqlite3_changes(db_.handle()) == 1;
}

bool StateStore::SetByHand(int64_t id, InstanceState state, const std::string& message) {
  SqliteStatement s(db_,
                    "UPDATE instances SET state = ?, message = ?, not_before = 0 "
                    "WHERE id = ? AND state != 'running'");
  s.Bind(1, StateName(state)).Bind(2, message).Bind(3, id).Run();
  return sqlite3_changes(db_.handle()) == 1;
}

bool StateStore::Claim(int64_t id, const std::string& owner, int64_t now) {
  bool claimed = false;
  SqliteTransaction(db_, [&] {
    SqliteStatement s(db_,
                      "UPDATE instances SET state = 'running', owner = ?, attempt = attempt + 1, "
                      "started_at = ?, ended_at = '', message = '' "
                      "WHERE id = ? AND state = 'waiting' AND not_before <= ?");
    s.Bind(1, owner).Bind(2, FormatLocal(now)).Bind(3, id).Bind(4, now).Run();
    claimed = sqlite3_changes(db_.handle()) == 1;
    if (!claimed) return;
    SqliteStatement a(db_,
                      "INSERT INTO attempts (instance, attempt, owner, started, started_ms) "
                      "SELECT id, attempt, owner, ?, ? FROM instances WHERE id = ?");
    a.Bind(1, now).Bind(2, WallMillis()).Bind(3, id).Run();
  });
  return claimed;
}

// The statements of Finish, for a caller's transaction.
void StateStore::FinishStatements(int64_t id, const std::string& owner, InstanceState state,
                                  const std::string& message, int64_t now) {
  SqliteStatement s(db_,
                    "UPDATE instances SET state = ?, ended_at = ?, message = ?, owner = '' "
                    "WHERE id = ? AND owner = ?");
  s.Bind(1, StateName(state)).Bind(2, FormatLocal(now)).Bind(3, message).Bind(4, id);
  s.Bind(5, owner).Run();
  SqliteStatement a(db_,
                    "UPDATE attempts SET ended = ?, state = ?, ended_ms = ? WHERE instance = ? "
                    "AND owner = ? AND ended_ms = 0");
  a.Bind(1, now).Bind(2, StateName(state)).Bind(3, WallMillis()).Bind(4, id).Bind(5, owner).Run();
}

void StateStore::Finish(int64_t id, const std::string& owner, InstanceState state,
                        const std::string& message, int64_t now) {
  SqliteTransaction(db_, [&] { FinishStatements(id, owner, state, message, now); });
}

// One transaction: a process killed between the two updates must not leave
// the instance failed for good when it had attempts left.
void StateStore::Retry(int64_t id, const std::string& owner, const std::string& message,
                       int64_t now, int64_t not_before) {
  SqliteTransaction(db_, [&] {
    FinishStatements(id, owner, InstanceState::kFailed, message, now);
    SqliteStatement s(db_, "UPDATE instances SET state = 'waiting', not_before = ? WHERE id = ?");
    s.Bind(1, not_before).Bind(2, id).Run();
  });
}

void StateStore::SetLogPath(int64_t id, const std::string& path) {
  SqliteStatement(db_, "UPDATE instances SET log_path = ? WHERE id = ?")
      .Bind(1, path)
      .Bind(2, id)
      .Run();
}

std::vector<Instance> StateStore::RecoverInterrupted(int64_t now) {
  std::vector<Instance> out;
  for (auto& i : InState(InstanceState::kRunning)) {
    if (OwnerAlive(i.owner)) continue;
    std::string msg = "interrupted: " + i.owner + " stopped while running it";
    // One transaction: killed between the two, the instance would stay
    // failed and never run again.
    SqliteTransaction(db_, [&] {
      FinishStatements(i.id, i.owner, InstanceState::kFailed, msg, now);
      Reset(i.id);
    });
    out.push_back(i);
  }
  return out;
}

int64_t StateStore::PruneAttempts(int64_t before) {
  SqliteStatement s(db_, "DELETE FROM attempts WHERE ended != 0 AND ended < ?");
  s.Bind(1, before).Run();
  return sqlite3_changes(db_.handle());
}

std::vector<Attempt> StateStore::Attempts(int64_t instance) {
  SqliteStatement s(db_,
                    "SELECT instance, attempt, owner, started, ended, state FROM attempts "
                    "WHERE instance = ? ORDER BY started, attempt");
  s.Bind(1, instance);
  std::vector<Attempt> out;
  while (s.Step())
    out.push_back({s.Int(0), static_cast<int>(s.Int(1)), s.Text(2), s.Int(3), s.Int(4), s.Text(5)});
  return out;
}

std::optional<std::string> StateStore::Meta(const std::string& key) {
  SqliteStatement s(db_, "SELECT value FROM meta WHERE key = ?");
  s.Bind(1, key);
  if (!s.Step()) return std::nullopt;
  return s.Text(0);
}

void StateStore::SetMeta(const std::string& key, const std::string& value) {
  SqliteStatement(db_, "INSERT OR REPLACE INTO meta VALUES (?, ?)")
      .Bind(1, key)
      .Bind(2, value)
      .Run();
}

}  // namespace strata
