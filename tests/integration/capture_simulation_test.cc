// The capture simulation (capture_simulation.h) on real servers: MariaDB
// with its binary log in ROW format read by a user holding the replication
// grants, and PostgreSQL with wal_level=logical read by a REPLICATION role
// that owns the table (REPLICA IDENTITY FULL). After every business date the
// merge table and the history table's as-of equal the source at the cutoff,
// through kill -9 of runs and server restarts. STRATA_SIM_SEED and
// STRATA_SIM_DAYS replay or lengthen it. Also a run crashed at a fixed
// point (right after its first commit), which must be run again whole.

#include "capture_simulation.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "capture_cutoffs.h"
#include "merge_workload.h"
#include "sim_sources.h"

namespace strata::test {
namespace {

TEST(CaptureSimulation, MariadbMergeAndHistoryEqualTheSourceOnEveryDate) {
  MariadbServer server(MariadbServer::Options{true, {"--binlog-format=ROW"}});
  CreateUsers(server);
  server.Exec("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO etl@'%'");
  MariadbSimSource source(server, CaptureSimulationNodes("my"));
  RunCaptureSimulation(source,
                       {[&] { server.Stop(); },
                        [&] {
                          server.Start();
                          source.Reconnect();
                        },
                        kEtlPassword},
                       "MariaDB");
}

// `accounts` captured by strata's role (PostgresSimSource's table).
void AllowCapture(const PostgresServer& server) {
  server.Exec(std::string("ALTER ROLE ") + PostgresServer::kUser +
              " REPLICATION; GRANT CREATE ON DATABASE postgres TO " + PostgresServer::kUser +
              "; ALTER TABLE accounts OWNER TO " + PostgresServer::kUser +
              "; ALTER TABLE accounts REPLICA IDENTITY FULL");
}

TEST(CaptureSimulation, PostgresMergeAndHistoryEqualTheSourceOnEveryDate) {
  PostgresServer server({"wal_level=logical"});
  PostgresSimSource source(server, CaptureSimulationNodes("pg"));
  AllowCapture(server);
  RunCaptureSimulation(source,
                       {[&] { server.Stop(); },
                        [&] {
                          server.Start();
                          source.Reconnect();
                        },
                        PostgresServer::kPassword},
                       "PostgreSQL");
}

// A capture run commits more than once (the snapshot or the log's rows,
// then the table). Crashed right after its first commit, the next run must
// still build the table: that attempt did not publish all its work.
TEST(CaptureSimulation, ACrashAfterTheFirstCommitIsRunAgainWhole) {
  PostgresServer server({"wal_level=logical"});
  PostgresSimSource source(server, CaptureSimulationNodes("pg"));
  AllowCapture(server);
  CaptureCutoffs cutoffs;
  auto rows = [&] {
    ProcessResult r = source.Strata({"sql", "--format", "csv", "select count(*) from dw_accounts"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  };
  const char* dates[] = {"20240115", "20240116"};  // the snapshot's commit, then the log's
  for (int i = 0; i < 2; ++i) {
    source.Exec("INSERT INTO accounts VALUES (" + std::to_string(i * 2 + 1) + ", 'a', 1, '" +
                DashedDate(dates[i]) + "'), (" + std::to_string(i * 2 + 2) + ", 'b', 2, '" +
                DashedDate(dates[i]) + "')");
    cutoffs.Cut(dates[i]);
    ::setenv("STRATA_FAILPOINT", "commit.after_catalog", 1);
    ProcessResult crashed = source.Strata({"run", "--date", dates[i], "acct_merge"});
    ::unsetenv("STRATA_FAILPOINT");
    EXPECT_EQ(crashed.status, 137) << dates[i] << "\n" << crashed.out << crashed.err;
    ProcessResult r = source.Strata({"run", "--date", dates[i], "acct_merge"});
    EXPECT_EQ(r.status, 0) << dates[i] << "\n" << r.out << r.err;
    EXPECT_EQ(r.out.find("not run again"), std::string::npos) << dates[i] << "\n" << r.out;
    EXPECT_EQ(rows(), "count_star()\n" + std::to_string(i * 2 + 2) + "\n") << dates[i];
  }
}

}  // namespace
}  // namespace strata::test
