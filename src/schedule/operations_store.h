#pragma once
// OperationsStore keeps what operators did by hand, in the project's state
// database (.strata/state.db) next to the instances: which nodes are paused
// (an operations flag; strata.yaml stays the node's definition) and a journal
// of every action (run, rerun, backfill, stop, set success, pause, resume)
// with who asked and when. The scheduler reads the pauses and does not start
// a paused node's instances. It also holds requests to stop a running
// attempt, which the process running it polls (so a stop reaches a run in
// another process too), and the parallelism a backfill asked for, which
// every executor honours for those instances. Its tables are its own, so it never changes the
// instance tables' schema. One per thread (it owns a SQLite connection).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/sqlite/sqlite_db.h"

namespace strata {

struct PauseInfo {
  std::string by;
  std::string at;  // local time, "2016-11-15 00:00:00"
};

struct OperationRecord {
  int64_t id = 0;
  std::string at;  // local time
  std::string who, action, detail;
};

// Instances of one group run at most `parallel` at a time.
struct RunLimit {
  int64_t group = 0;
  int parallel = 1;
  bool running = false;  // the instance is running now
};

class OperationsStore {
 public:
  explicit OperationsStore(const std::filesystem::path& state_db);

  // Paused nodes by name. Pausing twice keeps the first who/when.
  std::map<std::string, PauseInfo> Paused();
  void Pause(const std::string& node, const std::string& who, int64_t now);
  void Resume(const std::string& node);

  // Appends one action to the journal.
  void Record(const std::string& who, const std::string& action, const std::string& detail,
              int64_t now);
  // Asks the process running attempt `attempt` of instance `id` to stop it;
  // the first request is kept.
  void RequestStop(int64_t id, int attempt, const std::string& who, int64_t now);
  // Who asked to stop that attempt, if anyone did.
  std::optional<std::string> StopRequestedBy(int64_t id, int attempt);

  // `ids` join `group` (0: a new one), whose instances run at most
  // `parallel` at a time, leaving any group they were in; returns the group.
  // Unlimit takes them out of their group.
  int64_t LimitParallel(const std::vector<int64_t>& ids, int parallel, int64_t group = 0);
  void Unlimit(const std::vector<int64_t>& ids);
  // Every waiting or running instance in a group, by id (the instances
  // table is read, never changed).
  std::map<int64_t, RunLimit> RunLimits();

  // The latest `limit` actions, newest first.
  std::vector<OperationRecord> Recent(int limit);

 private:
  SqliteDb db_;
};

}  // namespace strata
