#pragma once
// Test support: the merge simulation's driver. A SimSource is one database
// holding `accounts(id, name, balance, optime)` and a strata project whose
// connection reads it; RunMergeSimulation plays the seeded workload of
// merge_workload.h on it one business date at a time and checks, after each
// `strata run --date D`, the merge tables against the source's committed
// state recorded just before the run (see merge_simulation_test.cc).

#include <cstdint>
#include <string>
#include <vector>

#include "server_process.h"
#include "strata_process.h"

namespace strata::test {

inline constexpr uint64_t kDefaultSimSeed = 20240115;
inline constexpr char kSimFirstDate[] = "20240115";
inline constexpr int kDefaultSimDays = 30;

class SimSource {
 public:
  virtual ~SimSource() = default;
  // On the main connection, committed at once.
  virtual void Exec(const std::string& sql) = 0;
  // A second connection's transaction, held open across a run.
  virtual void BeginLate() = 0;
  virtual void ExecLate(const std::string& sql) = 0;
  virtual void CommitLate() = 0;
  // The committed rows on a fresh connection, ordered by id: id, name,
  // balance ("-1.50"), optime ("2024-01-15 00:00:00.000000"); NULL as nullopt.
  virtual SqlRows Truth() = 0;
  // strata in the project (password set).
  virtual ProcessResult Strata(const std::vector<std::string>& args) = 0;
  // The same in the background (to be killed).
  virtual BackgroundStrata Background(const std::vector<std::string>& args) = 0;
};

// The nodes reading `accounts` through `connection`: acct_merge (cursor
// optime, lookback 2h, deletes: keys, change table acct_changes) into
// dw_accounts; acct_soft, the same with deletes: soft and two channels (split
// reads of one snapshot, taken while a transaction is held open), into
// dw_accounts_soft; acct_window, the seed's time window without cursor or deletes, into
// dw_accounts_window.
std::string MergeSimulationNodes(const std::string& connection);

// Plays STRATA_SIM_DAYS (default kDefaultSimDays) dates of the workload for
// STRATA_SIM_SEED (default kDefaultSimSeed); records test failures naming
// the seed, date and keys. `label` names the database in messages.
void RunMergeSimulation(SimSource& source, const std::string& label);

}  // namespace strata::test
