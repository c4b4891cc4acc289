#pragma once
// Test support: the capture simulation's driver (capture_simulation_test.cc).
// On a SimSource whose table `accounts` is captured (`capture: log`) by two
// nodes, acct_merge into the merge table dw_accounts and acct_hist into the
// history table dw_hist (change tables dw_accounts_changes and
// dw_hist_changes), it plays the merge workload one business date at a time
// with CaptureSimWriter (multi-row transactions, a key inserted and deleted
// the same date, key renames, a transaction open across the cutoff). Dates
// last about a second: their cutoffs go to a file named by
// STRATA_CAPTURE_CUTOFFS. After each date's cutoff it runs both nodes for the
// date and checks that dw_accounts and as_of('dw_hist', date) equal the
// source's state at the cutoff, and that each change table's partition of
// the date holds exactly the row changes committed between the previous
// cutoff and this one, in commit order (nothing lost, nothing twice). Some
// runs are killed with kill -9 first (the first date's during its
// snapshot); on some dates the late transaction commits before the run (it
// belongs to the next date); on some the server is restarted, once with a
// run while it is down (which must fail with a one-line error), once while
// a run reads. At the end every date's as-of is checked again. Failures
// name the seed, the server and the date.

#include <functional>
#include <string>

#include "merge_simulation.h"

namespace strata::test {

inline constexpr int kDefaultCaptureSimDays = 30;

// The database server behind a SimSource.
struct CaptureSimServer {
  std::function<void()> stop;   // gracefully; waits until it is down
  std::function<void()> start;  // on the same port, the SimSource's sessions reconnected
  std::string password;         // strata's, which no output may show
};

// The two nodes reading `accounts` through `connection`.
std::string CaptureSimulationNodes(const std::string& connection);

// Plays STRATA_SIM_DAYS (default kDefaultCaptureSimDays) dates of the
// workload for STRATA_SIM_SEED (default kDefaultSimSeed). `label` names the
// server in messages.
void RunCaptureSimulation(SimSource& source, const CaptureSimServer& server,
                          const std::string& label);

}  // namespace strata::test
