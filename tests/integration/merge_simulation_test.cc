// Merge tables, proven by simulation: a seeded random workload (inserts,
// updates with NULL to value and back, deletes, re-inserts of deleted keys,
// a key updated several times a day, rows at 00:00:00 and 23:59:59.999999,
// a date that deletes every row, and transactions opened before a run,
// stamped late in its date and committed after it) runs against real MariaDB
// and PostgreSQL servers, one business date at a time. Just before each run
// the source's committed state is recorded (and must be the workload's);
// after it,
// - the cursor merge (deletes: keys) equals that state, every row and column,
//   and its change partition ds=D is exactly the difference from the state
//   before (I new keys, U changed rows, D gone keys; _ts the row's optime);
// - the same merge with deletes: soft (two channels) keeps gone rows marked
//   with the date their delete was seen, and otherwise equals the state;
// - the seed's plain time window (no cursor, no deletes) is the upsert of
//   each date's rows, and so does NOT equal the state: it keeps deleted keys
//   and misses late rows, and the test counts how many;
// - some dates are rerun, with the late transaction still open (same tables,
//   same counts) or after it committed (the tables then equal the source).
// STRATA_SIM_SEED and STRATA_SIM_DAYS change the workload and its length;
// every failure names the seed and the date.

#include "merge_simulation.h"

#include <gtest/gtest.h>

#include "merge_workload.h"
#include "sim_sources.h"

namespace strata::test {
namespace {

TEST(MergeSimulation, OneSeedGivesOneWorkload) {
  uint64_t seed = SimulationSeed(kDefaultSimSeed);
  auto a = GenerateWorkload(seed, 20, kSimFirstDate);
  auto b = GenerateWorkload(seed, 20, kSimFirstDate);
  ASSERT_EQ(a.size(), 20u);
  EXPECT_TRUE(a == b) << "seed " << seed;
  EXPECT_FALSE(a == GenerateWorkload(seed + 1, 20, kSimFirstDate)) << "seed " << seed;
  // The workload holds every case the simulation claims to cover.
  WorkloadCounts n = CountWorkload(a);
  EXPECT_GT(n.deletes, 0);
  EXPECT_GT(n.reinserts, 0);
  EXPECT_GT(n.late, 0);
  EXPECT_GT(n.null_to_value, 0);
  EXPECT_GT(n.value_to_null, 0);
  EXPECT_GT(n.same_day_repeats, 0);
  EXPECT_EQ(n.emptied, 1);
  EXPECT_GT(n.reverts, 0);
  EXPECT_GE(n.first_instant, 20);
  EXPECT_GE(n.last_instant, 20);
}

TEST(MergeSimulation, MariadbWarehouseEqualsTheSourceOnEveryDate) {
  MariadbServer server;
  CreateUsers(server);
  MariadbSimSource source(server, MergeSimulationNodes("my"));
  RunMergeSimulation(source, "MariaDB");
}

// With buckets of 40 rows, so the merge runs key bucket by key bucket here
// (MariaDB's run keeps one bucket).
TEST(MergeSimulation, PostgresWarehouseEqualsTheSourceOnEveryDate) {
  PostgresServer server;
  PostgresSimSource source(server, MergeSimulationNodes("pg"));
  ::setenv("STRATA_MERGE_BUCKET_ROWS", "40", 1);
  RunMergeSimulation(source, "PostgreSQL");
  ::unsetenv("STRATA_MERGE_BUCKET_ROWS");
}

}  // namespace
}  // namespace strata::test
