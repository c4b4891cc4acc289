#pragma once
// OperationsStore keeps what operators did by hand, in the project's state
// database (.strata/state.db) next to the instances: which nodes are paused
// (an operations flag; strata.yaml stays the node's definition) and a journal
// of every action (run, rerun, backfill, stop, set success, pause, resume)
// with who asked and when. The scheduler reads the pauses and does not start
// a paused node's instances. Its tables are its own, so it never changes the
// instance tables' schema. One per thread (it owns a SQLite connection).

#include <cstdint>
#include <filesystem>
#include <map>
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
  // The latest `limit` actions, newest first.
  std::vector<OperationRecord> Recent(int limit);

 private:
  SqliteDb db_;
};

}  // namespace strata
