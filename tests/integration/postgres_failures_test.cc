// PostgreSQL source failures: a connection dropped mid-read fails the node
// with the server's host:port and message and commits nothing; with retries
// the node succeeds once the server is back; bad URLs, wrong passwords,
// missing tables and columns are one clear line that never shows the password.

#include <gtest/gtest.h>

#include <future>

#include "postgres_server.h"
#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr int kRows = 40000;

// A COPY reaching row 20000 waits while the test holds advisory lock 42, so
// the read is stopped mid-stream with 19999 rows delivered.
constexpr const char* kSetup =
    "CREATE FUNCTION gate(i int) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN "
    "IF i = 20000 AND current_query() LIKE 'COPY%' THEN PERFORM pg_advisory_xact_lock_shared(42); "
    "END IF; RETURN true; END $$;"
    "CREATE TABLE big (id int PRIMARY KEY, v text);"
    "INSERT INTO big SELECT g, repeat('x', 50) FROM generate_series(1, 40000) g;"
    "CREATE FUNCTION plan_gate(i int) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN "
    "IF current_query() LIKE 'SELECT min(%' THEN PERFORM pg_advisory_xact_lock_shared(43); "
    "END IF; RETURN true; END $$;"
    "CREATE TABLE small (id int PRIMARY KEY, name text);"
    "INSERT INTO small VALUES (1, 'a'), (2, 'b');";

constexpr const char* kWaitingAtGate =
    "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'strata' "
    "AND wait_event_type = 'Lock' AND wait_event = 'advisory'";

class PostgresFailures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new PostgresServer();
    server_->Exec(kSetup);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string Where() { return "127.0.0.1:" + std::to_string(server_->port()); }

  static std::string GatedNode(const std::string& extra = "") {
    return "  - name: big\n    type: sync\n" + extra +
           "    source: { connection: pg, table: big, where: \"gate(id)\" }\n"
           "    target: { table: big, partition: \"ds=${bizdate}\" }\n";
  }

  static std::string SmallNode(const std::string& source) {
    return "  - name: small\n    type: sync\n    source: { connection: pg, " + source +
           " }\n    target: { table: small }\n";
  }

  static PostgresServer* server_;
};
PostgresServer* PostgresFailures::server_ = nullptr;

TEST_F(PostgresFailures, TerminatedBackendFailsTheNodeAndCommitsNothing) {
  ProjectFixture p;
  WritePgProject(p, *server_, GatedNode());
  auto holder = server_->Connect();
  holder->Exec("SELECT pg_advisory_lock(42)");
  auto run = std::async(std::launch::async, [&] {
    return RunPg(p, {"run", "--date", "20240101"});
  });
  server_->WaitUntil(kWaitingAtGate);
  EXPECT_GE(server_->TerminateBackends("strata"), 2);  // the planner and the channel
  ProcessResult r = run.get();
  holder->Exec("SELECT pg_advisory_unlock(42)");
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(r.err.find("node 'big' failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(Where()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("reading table public.big"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("terminating connection due to administrator command"), std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
  EXPECT_EQ(p.Csv("select count(*) as n from big"), "n\n0\n");
  EXPECT_EQ(r.out.find("ds=20240101"), std::string::npos) << r.out;
}

TEST_F(PostgresFailures, ServerStoppedMidReadThenRetriesSucceedOnceItIsBack) {
  ProjectFixture p;
  WritePgProject(p, *server_, GatedNode("    retries: 30\n    retry_interval: 1s\n"));
  auto holder = server_->Connect();
  holder->Exec("SELECT pg_advisory_lock(42)");
  auto run = std::async(std::launch::async, [&] {
    return RunPg(p, {"run", "--date", "20240101"});
  });
  server_->WaitUntil(kWaitingAtGate);
  // Stopped while the gate is still held, so the read cannot finish first:
  // fast shutdown terminates strata's sessions mid-COPY (and the holder's).
  server_->Stop();
  holder.reset();
  server_->Start();
  ProcessResult r = run.get();
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("attempt 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(Where()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("terminating connection due to administrator command"), std::string::npos)
      << r.out;
  EXPECT_EQ(p.Csv("select count(*) as n, count(distinct id) as d from big"),
            "n,d\n" + std::to_string(kRows) + "," + std::to_string(kRows) + "\n");
}

// A session queued for an exclusive lock behind the sync's own ACCESS SHARE
// lock would make a channel queue behind it for ever; the channel's NOWAIT
// fails the node at once instead, and the waiting session then proceeds.
TEST_F(PostgresFailures, ExclusiveLockWaiterFailsTheChannelsInsteadOfHangingThem) {
  ProjectFixture p;
  WritePgProject(p, *server_,
                 "  - name: small\n    type: sync\n    channels: 2\n"
                 "    source: { connection: pg, table: small, where: \"plan_gate(id)\" }\n"
                 "    target: { table: small }\n");
  auto holder = server_->Connect();
  holder->Exec("SELECT pg_advisory_lock(43)");
  auto run = std::async(std::launch::async, [&] {
    return RunPg(p, {"run", "--date", "20240101"});
  });
  // Planning: the table is locked and the snapshot exported.
  server_->WaitUntil(std::string(kWaitingAtGate) + " AND query LIKE 'SELECT min(%'");
  auto alter = server_->Connect();
  auto altering = std::async(std::launch::async, [&] {
    alter->Exec("BEGIN; LOCK TABLE small IN ACCESS EXCLUSIVE MODE; COMMIT");
  });
  server_->WaitUntil(
      "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
      "wait_event = 'relation' AND query LIKE 'BEGIN; LOCK TABLE small%'");
  holder->Exec("SELECT pg_advisory_unlock(43)");
  ProcessResult r = run.get();
  altering.get();
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(r.err.find("another session is waiting for an exclusive lock"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(Where()), std::string::npos) << r.err;
}

TEST_F(PostgresFailures, WrongPasswordNamesTheServerNotThePassword) {
  ProjectFixture p;
  WritePgProject(p, *server_, SmallNode("table: small"));
  const std::string wrong = "Wr0ng-Passw0rd-123";
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"}, wrong);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find(Where()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(wrong), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find(wrong), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find(PostgresServer::kPassword), std::string::npos) << r.err;
}

TEST_F(PostgresFailures, BadUrls) {
  ProjectFixture p;
  WritePgProject(p, *server_, SmallNode("table: small"),
                 "postgres://strata_reader@127.0.0.1:notaport/postgres");
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("connection 'pg'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("notaport"), std::string::npos) << r.err;

  WritePgProject(p, *server_, SmallNode("table: small"), "host=127.0.0.1 port");
  r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("connection 'pg'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing \"=\" after \"port\""), std::string::npos) << r.err;

  // Nothing listens on port 1.
  WritePgProject(p, *server_, SmallNode("table: small"),
                 "postgres://strata_reader@127.0.0.1:1/postgres");
  r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Connection refused"), std::string::npos) << r.err;
}

TEST_F(PostgresFailures, MissingTableAndUnknownColumns) {
  ProjectFixture p;
  WritePgProject(p, *server_, SmallNode("table: nosuch"));
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("table 'nosuch' does not exist in database 'postgres'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(Where()), std::string::npos) << r.err;

  WritePgProject(p, *server_, SmallNode("table: small, columns: [id, nosuch]"));
  r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("table public.small has no column 'nosuch'"), std::string::npos) << r.err;

  WritePgProject(p, *server_,
                 "  - name: small\n    type: sync\n    channels: 2\n    split_key: nosuch\n"
                 "    source: { connection: pg, table: small }\n    target: { table: small }\n");
  r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("split_key 'nosuch' is not a column of table public.small"),
            std::string::npos)
      << r.err;

  WritePgProject(p, *server_, SmallNode("query: \"select id, nosuch from small\""));
  r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("column \"nosuch\" does not exist"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace strata::test
