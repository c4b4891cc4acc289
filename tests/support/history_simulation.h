#pragma once
// Test support: the history simulation's driver (history_simulation_test.cc).
// On a SimSource (merge_simulation.h) it plays the merge simulation's seeded
// workload one business date at a time with four nodes: acct_full, a daily
// full snapshot (partition ds), and three history tables: acct_his without a
// cursor (deletes: keys, so a full compare), acct_his_cur with cursor
// optime, lookback 2h, deletes: keys, and acct_his_trk (compare: full,
// track: [name, balance]: compared on those columns and the key). After each
// run of date D every history table's as-of of D must
// equal the full partition of D and the source's committed state recorded
// just before the run, their open versions that state too, and the versions
// opened on D the keys that changed. Some runs are killed (kill -9) first;
// some recent dates are rerun with --forward (the history nodes only), some
// with the late transaction still open, a few killed first; after a rerun
// from D every date before D still equals its full partition and every date
// from D on equals the source as it then is.

#include <cstdint>
#include <string>

#include "merge_simulation.h"

namespace strata::test {

inline constexpr int kDefaultHistorySimDays = 60;

// The four nodes reading `accounts` through `connection`.
std::string HistorySimulationNodes(const std::string& connection);

// Plays STRATA_SIM_DAYS (default kDefaultHistorySimDays) dates of the
// workload for STRATA_SIM_SEED (default kDefaultSimSeed); records test
// failures naming the seed, date and keys. `label` names the database.
void RunHistorySimulation(SimSource& source, const std::string& label);

}  // namespace strata::test
