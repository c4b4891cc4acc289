// History (zipper) tables, proven by simulation: the merge simulation's
// seeded workload (inserts, updates with NULL to value and back, deletes,
// re-inserts of deleted keys with the same and other values, a key updated
// several times a day, rows at 00:00:00 and 23:59:59.999999, a date that
// deletes every row, late transactions committed after the run) runs against
// real MariaDB and PostgreSQL servers for 60 business dates. Every date runs
// a daily full snapshot acct_full (partition ds) and three history tables:
// acct_his (deletes: keys, no cursor: a full compare), acct_his_cur (cursor
// optime, lookback 2h, deletes: keys) and acct_his_trk (compare: full,
// track: [name, balance], checked on the key and those columns; a change of
// optime alone updates its open version in place). After each run of D:
// - as_of(table, D) of both equals the full partition ds=D, row for row and
//   column by column as text, and the source's committed state just before
//   the run; so do both tables' open versions (end_ds 99991231); and the
//   versions opened on D are exactly one per key whose row differs from the
//   as-of of the date before, _op I for a new or re-inserted key, else U
//   (a change back to the values the key had opens nothing);
// - a quarter of the runs are first started and killed (kill -9) at a random
//   moment; the run after it recovers;
// - on about one date in six, `rerun acct_his acct_his_cur acct_his_trk --date P
//   --forward` for a random P of the last 8 dates (a third of them killed
//   first, then repeated; half of them while the late transaction is still
//   open, half after it committed): it reads today's source, so after it
//   as-of of every date before P still equals its full partition, and as-of
//   of P and every date after equals the source as it is then; the
//   simulation goes on.
// STRATA_SIM_SEED and STRATA_SIM_DAYS change the workload and its length
// (the kills and reruns follow the seed too); every failure names the seed
// and the date.

#include "history_simulation.h"

#include <gtest/gtest.h>

#include "sim_sources.h"

namespace strata::test {
namespace {

TEST(HistorySimulation, MariadbAsOfEqualsTheFullSnapshotOnEveryDate) {
  MariadbServer server;
  CreateUsers(server);
  MariadbSimSource source(server, HistorySimulationNodes("my"));
  RunHistorySimulation(source, "MariaDB");
}

// With buckets of 300 rows, so the history merge runs key bucket by key
// bucket here once the table holds enough versions (MariaDB's runs keep one
// bucket). Not smaller: every version counts, and more buckets cost time.
TEST(HistorySimulation, PostgresAsOfEqualsTheFullSnapshotOnEveryDate) {
  PostgresServer server;
  PostgresSimSource source(server, HistorySimulationNodes("pg"));
  ::setenv("STRATA_MERGE_BUCKET_ROWS", "300", 1);
  RunHistorySimulation(source, "PostgreSQL");
  ::unsetenv("STRATA_MERGE_BUCKET_ROWS");
}

}  // namespace
}  // namespace strata::test
