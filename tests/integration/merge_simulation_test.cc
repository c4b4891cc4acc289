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

#include <memory>

#include "merge_workload.h"
#include "mysql_test_util.h"
#include "postgres_server.h"

namespace strata::test {
namespace {

// MariaDB: connection `my`, DATETIME(6).
class MariadbSimSource : public SimSource {
 public:
  explicit MariadbSimSource(const MariadbServer& server) : server_(server), project_(server) {
    server.Exec(
        "CREATE TABLE app.accounts (id int PRIMARY KEY, name varchar(40) NULL, balance "
        "decimal(12,2) NULL, optime datetime(6) NOT NULL, KEY (optime))");
    main_ = std::make_unique<MariadbSession>(server.port(), "root", "", "app");
    project_.Write(MergeSimulationNodes("my"));
  }
  void Exec(const std::string& sql) override { main_->Exec(sql); }
  void BeginLate() override {
    late_ = std::make_unique<MariadbSession>(server_.port(), "root", "", "app");
    late_->Exec("BEGIN");
  }
  void ExecLate(const std::string& sql) override { late_->Exec(sql); }
  void CommitLate() override {
    late_->Exec("COMMIT");
    late_.reset();
  }
  SqlRows Truth() override {
    return server_.Query(
        "SELECT CAST(id AS CHAR), name, CAST(balance AS CHAR), "
        "DATE_FORMAT(optime, '%Y-%m-%d %H:%i:%s.%f') FROM app.accounts ORDER BY id");
  }
  ProcessResult Strata(const std::vector<std::string>& args) override { return project_.Run(args); }

 private:
  const MariadbServer& server_;
  MysqlProject project_;
  std::unique_ptr<MariadbSession> main_, late_;
};

// PostgreSQL: connection `pg`, timestamp(6) without time zone.
class PostgresSimSource : public SimSource {
 public:
  explicit PostgresSimSource(const PostgresServer& server) : server_(server) {
    server.Exec(
        "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(40), balance numeric(12,2), "
        "optime timestamp(6) NOT NULL); CREATE INDEX ON accounts (optime)");
    main_ = server.Connect();
    WritePgProject(project_, server, MergeSimulationNodes("pg"));
  }
  void Exec(const std::string& sql) override { main_->Exec(sql); }
  void BeginLate() override {
    late_ = server_.Connect();
    late_->Exec("BEGIN");
  }
  void ExecLate(const std::string& sql) override { late_->Exec(sql); }
  void CommitLate() override {
    late_->Exec("COMMIT");
    late_.reset();
  }
  SqlRows Truth() override {
    return server_.Query(
        "SELECT id::text, name, balance::text, to_char(optime, 'YYYY-MM-DD HH24:MI:SS.US') "
        "FROM accounts ORDER BY id");
  }
  ProcessResult Strata(const std::vector<std::string>& args) override {
    return RunPg(project_, args);
  }

 private:
  const PostgresServer& server_;
  ProjectFixture project_;
  std::unique_ptr<PostgresServer::Session> main_, late_;
};

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
  EXPECT_GE(n.first_instant, 20);
  EXPECT_GE(n.last_instant, 20);
}

TEST(MergeSimulation, MariadbWarehouseEqualsTheSourceOnEveryDate) {
  MariadbServer server;
  CreateUsers(server);
  MariadbSimSource source(server);
  RunMergeSimulation(source, "MariaDB");
}

// With buckets of 40 rows, so the merge runs key bucket by key bucket here
// (MariaDB's run keeps one bucket).
TEST(MergeSimulation, PostgresWarehouseEqualsTheSourceOnEveryDate) {
  PostgresServer server;
  PostgresSimSource source(server);
  ::setenv("STRATA_MERGE_BUCKET_ROWS", "40", 1);
  RunMergeSimulation(source, "PostgreSQL");
  ::unsetenv("STRATA_MERGE_BUCKET_ROWS");
}

}  // namespace
}  // namespace strata::test
