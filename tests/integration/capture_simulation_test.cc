// The capture simulation (capture_simulation.h) on real servers: MariaDB
// with its binary log in ROW format read by a user holding the replication
// grants, and PostgreSQL with wal_level=logical read by a REPLICATION role
// that owns the table (REPLICA IDENTITY FULL). After every business date the
// merge table and the history table's as-of equal the source at the cutoff,
// through kill -9 of runs and server restarts. STRATA_SIM_SEED and
// STRATA_SIM_DAYS replay or lengthen it.

#include "capture_simulation.h"

#include <gtest/gtest.h>

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
                        kEtlPassword,
                        {}},
                       "MariaDB");
}

TEST(CaptureSimulation, PostgresMergeAndHistoryEqualTheSourceOnEveryDate) {
  PostgresServer server({"wal_level=logical"});
  PostgresSimSource source(server, CaptureSimulationNodes("pg"));
  server.Exec(std::string("ALTER ROLE ") + PostgresServer::kUser +
              " REPLICATION; GRANT CREATE ON DATABASE postgres TO " + PostgresServer::kUser +
              "; ALTER TABLE accounts OWNER TO " + PostgresServer::kUser +
              "; ALTER TABLE accounts REPLICA IDENTITY FULL; CREATE TABLE wal_flush (n int)");
  RunCaptureSimulation(
      source,
      {[&] { server.Stop(); },
       [&] {
         server.Start();
         source.Reconnect();
       },
       PostgresServer::kPassword, [&] { server.Exec("INSERT INTO wal_flush VALUES (1)"); }},
      "PostgreSQL");
}

}  // namespace
}  // namespace strata::test
