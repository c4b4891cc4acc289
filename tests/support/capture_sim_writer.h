#pragma once
// Test support: plays the merge workload (merge_workload.h) on a SimSource
// the way change data capture must see it, for the capture simulation
// (capture_simulation.h). A date's committed operations go in random
// multi-row transactions (BEGIN … COMMIT of 1 to 20 statements, or one in
// autocommit); on some dates a key is inserted and deleted the same date,
// and a live key is renamed (`UPDATE accounts SET id = <unused> WHERE id =
// <old>`); the late operations go in a transaction held open on a second
// connection until CommitLate. Renamed keys stay addressable by the
// workload: its ids map to the current ones. The writer keeps the committed
// state (to check the source against it) and the change rows every commit
// must produce, in commit order ("I 12", "U 3", "D 7"; a rename is "D old"
// then "I new"). Seeded: one seed, one sequence of statements. Not
// thread-safe.

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "merge_simulation.h"
#include "merge_workload.h"
#include "sim_state.h"

namespace strata::test {

class CaptureSimWriter {
 public:
  struct Counts {
    int transactions = 0, multi_row = 0;  // committed; multi_row: of 2 statements or more
    int renames = 0, ephemeral = 0;       // key updates; keys inserted and deleted one date
    int late = 0;                         // operations committed by a held transaction
  };

  CaptureSimWriter(SimSource& source, uint64_t seed);

  // Writes the date. With `hold_late` its late operations are left open in
  // the held transaction; without, they are committed with the others.
  void Write(const WorkloadDay& day, bool hold_late);
  // The source's committed state, which must be the writer's (a harness
  // slip must not pass as strata's); `where` names seed, server and date.
  SimTable RecordTruth(const std::string& where);
  // Whether a transaction is held open.
  bool HasLate() const { return open_; }
  // Commits the held transaction, if any.
  void CommitLate();
  // The change rows committed since the last call, in commit order.
  std::vector<std::string> TakeCommitted();
  const Counts& counts() const { return counts_; }

 private:
  struct Statement {
    std::string sql;
    std::vector<std::string> changes;
  };

  // The statement of a workload operation on the current ids; applies it to `model`.
  Statement Translate(const AccountOp& op, SimTable& model);
  Statement Rename(SimTable& model);
  void Commit(const std::vector<Statement>& statements);
  uint64_t Below(uint64_t n) { return rng_() % n; }

  SimSource& source_;
  std::mt19937_64 rng_;         // raw output only (see merge_workload.cc)
  SimTable committed_;          // by current id
  SimTable held_;               // committed_ with the held transaction's operations
  std::map<int, int> current_;  // workload id -> current id, where they differ
  std::vector<std::string> changes_, held_changes_;
  size_t held_statements_ = 0;
  bool open_ = false;
  int next_fresh_ = 1000000;  // ids the workload never uses
  Counts counts_;
};

}  // namespace strata::test
