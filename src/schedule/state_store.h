#pragma once
// StateStore is the scheduler's memory: one instance per node per scheduled
// time, with its state, attempts, times, message and log file, kept in a
// SQLite database in the project (.strata/state.db). Claiming an instance is
// one conditional UPDATE, so two strata processes (or threads) never run the
// same instance together: exactly one claim succeeds. Each attempt is also
// recorded in a history table. One StateStore per thread. The database and
// its folder are owner-only (0600/0700); opening it never fails because
// another process is opening it too (see SqliteDb).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/sqlite/sqlite_db.h"

namespace strata {

enum class InstanceState { kNotRun, kWaiting, kRunning, kSucceeded, kFailed, kSkipped };
const char* StateName(InstanceState s);  // "not-run", "waiting", ...
// The inverse of StateName; throws strata::Error for an unknown name.
InstanceState ParseState(const std::string& name);

struct Instance {
  int64_t id = 0;
  std::string node;
  std::string bizdate;          // yyyymmdd
  int64_t scheduled = 0;        // unix seconds
  std::string scheduled_local;  // "2016-11-15 00:00:00"
  InstanceState state = InstanceState::kWaiting;
  int attempt = 0;
  int64_t not_before = 0;  // earliest start of the next attempt (retries)
  std::string started_at, ended_at, message, log_path, owner;
};

struct Attempt {
  int64_t instance = 0;
  int attempt = 0;
  std::string owner;
  int64_t started = 0, ended = 0;  // unix seconds; ended 0 while running
  std::string state;
};

class StateStore {
 public:
  explicit StateStore(const std::filesystem::path& file);

  // Creates the instance if it does not exist (state waiting, or skipped for
  // a dry run); returns it either way.
  Instance Ensure(const std::string& node, const std::string& bizdate, int64_t scheduled,
                  const std::string& scheduled_local, bool dry_run);
  std::optional<Instance> Get(int64_t id);
  std::vector<Instance> ForBizdates(const std::string& from, const std::string& to);
  std::vector<Instance> ForNode(const std::string& node);
  std::vector<Instance> InState(InstanceState state);

  // Puts a finished or failed instance back to waiting (a rerun). A running
  // one is left alone; returns false then.
  bool Reset(int64_t id);
  // An operator's verdict (set success, stop): a not-running instance takes
  // `state` and `message`. Returns false when it is running (or gone).
  bool SetByHand(int64_t id, InstanceState state, const std::string& message);
  // waiting -> running for `owner`, if nobody else got there first.
  bool Claim(int64_t id, const std::string& owner, int64_t now);
  // running -> `state`; records the attempt's end.
  void Finish(int64_t id, const std::string& owner, InstanceState state, const std::string& message,
              int64_t now);
  // running -> waiting, to start again not before `not_before` (a retry).
  void Retry(int64_t id, const std::string& owner, const std::string& message, int64_t now,
             int64_t not_before);
  void SetLogPath(int64_t id, const std::string& path);
  // Running instances whose owner process on this host is gone (or whose pid
  // now belongs to another process: the owner token holds the boot and the
  // process's start time) go back to waiting, message "interrupted"; returns them.
  std::vector<Instance> RecoverInterrupted(int64_t now);
  // Deletes the history of attempts that ended before `before` (unix
  // seconds); the instances keep their state. Returns how many went.
  int64_t PruneAttempts(int64_t before);

  std::vector<Attempt> Attempts(int64_t instance);
  std::optional<std::string> Meta(const std::string& key);
  void SetMeta(const std::string& key, const std::string& value);

  // "host:pid:boot:start" of this process: boot is the kernel's boot id,
  // start the process's start time, so the token never names a later process
  // that reuses the pid.
  static std::string ThisOwner();

 private:
  // Finish's updates, inside the caller's transaction.
  void FinishStatements(int64_t id, const std::string& owner, InstanceState state,
                        const std::string& message, int64_t now);
  std::vector<Instance> Select(const std::string& where, const std::vector<std::string>& args);
  SqliteDb db_;
};

}  // namespace strata
