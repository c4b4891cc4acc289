// capture: log end to end on real servers (MariaDB with binlog_format=ROW,
// PostgreSQL with wal_level=logical), through `strata run`: the first run's
// snapshot, then each date's changes (an insert, an update, a delete, a key
// inserted and deleted the same day, a multi-row transaction) stored as
// change rows in the date's partition and applied to the merge table; a
// change committed after the cutoff waits for the next date; a rerun gives
// the same table and stores nothing twice; a run before the cutoff says it
// is partial and its rerun completes the date; DDL stops the run naming the
// table, with the merge table left as it was; a history node capturing the
// same table gives the same state as of every date. Dates are seconds long: the
// cutoffs come from STRATA_CAPTURE_CUTOFFS.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>

#include "capture_cutoffs.h"
#include "capture_servers.h"
#include "csv.h"
#include "mariadb_replication.h"
#include "mysql_test_util.h"
#include "postgres_server.h"

namespace strata::test {
namespace {

constexpr char kNodes[] = R"(  - name: acct
    type: sync
    source: { connection: db, table: accounts, capture: log }
    target: { table: dw_accounts, mode: merge }
  - name: acct_his
    type: sync
    source: { connection: db, table: accounts, capture: log }
    target: { table: dw_his, mode: history }
  - name: acct_log
    type: sync
    source: { connection: db, table: accounts, capture: log }
    target: { table: acct_log, mode: append }
)";

// What the scenario needs of one database.
struct CaptureDb {
  std::function<void(const std::string&)> exec;     // committed at once
  std::function<std::vector<std::string>()> truth;  // "id|name|balance" ordered by id
  std::function<ProcessResult(const std::vector<std::string>&)> strata;
  std::function<std::vector<std::vector<std::string>>(const std::string&)> sql;  // warehouse
  std::function<void()> lose_log;  // the server discards the log strata has not read
};

// The merge table, or with `as_of` the history table as of that date.
std::vector<std::string> Warehouse(const CaptureDb& db, const std::string& as_of = "") {
  std::string from = as_of.empty() ? "dw_accounts" : "as_of('dw_his', '" + as_of + "')";
  std::vector<std::string> out;
  for (const auto& r : db.sql("SELECT id, coalesce(name, 'NULL'), coalesce(CAST(balance AS "
                              "VARCHAR), 'NULL') FROM " +
                              from + " ORDER BY id"))
    out.push_back(r.at(0) + "|" + r.at(1) + "|" + r.at(2));
  return out;
}

std::string Ops(const CaptureDb& db, const std::string& ds) {
  std::string out;
  for (const auto& r :
       db.sql("SELECT _op || id FROM dw_accounts_changes WHERE ds = '" + ds + "' ORDER BY _seq"))
    out += r.at(0) + " ";
  return out;
}

// Runs the merge node, and the history node too for the dates before the DDL.
ProcessResult RunOk(const CaptureDb& db, const std::string& ds) {
  std::vector<std::string> args = {"run", "acct", "--date", ds};
  if (ds < "20240105") args.insert(args.begin() + 2, "acct_his");
  ProcessResult r = db.strata(args);
  EXPECT_EQ(r.status, 0) << ds << "\n" << r.out << r.err;
  return r;
}

void PlayScenario(const CaptureDb& db) {
  CaptureCutoffs cal;
  db.exec("INSERT INTO accounts VALUES (1, 'a', 1.50), (2, 'b', 2.00), (3, NULL, NULL)");
  cal.Cut("20240101");
  ProcessResult first = RunOk(db, "20240101");
  EXPECT_NE(first.out.find("snapshot         : 3 rows"), std::string::npos) << first.out;
  EXPECT_EQ(Warehouse(db), db.truth());
  EXPECT_EQ(Ops(db, "20240101"), "I1 I2 I3 ");
  std::vector<std::string> first_truth = db.truth();

  // Date 2: every kind of change, then one after its cutoff.
  db.exec("INSERT INTO accounts VALUES (4, 'd', 4.00)");
  db.exec("UPDATE accounts SET name = 'B', balance = 20.50 WHERE id = 2");
  db.exec("DELETE FROM accounts WHERE id = 3");
  db.exec("INSERT INTO accounts VALUES (5, 'e', 5.00)");
  db.exec("DELETE FROM accounts WHERE id = 5");
  db.exec(
      "BEGIN; INSERT INTO accounts VALUES (6, 'f', NULL); UPDATE accounts SET balance = "
      "-1.25 WHERE id = 1; COMMIT");
  cal.Cut("20240102");
  std::vector<std::string> at_cutoff = db.truth();
  db.exec("UPDATE accounts SET name = 'later' WHERE id = 1");
  ProcessResult second = RunOk(db, "20240102");
  EXPECT_EQ(Warehouse(db), at_cutoff) << second.out;
  EXPECT_EQ(Ops(db, "20240102"), "I4 U2 D3 I5 D5 I6 U1 ");
  EXPECT_EQ(second.out.find("partial"), std::string::npos) << second.out;

  // A rerun: the same table, nothing stored twice.
  ProcessResult again = RunOk(db, "20240102");
  EXPECT_EQ(Warehouse(db), at_cutoff) << again.out;
  EXPECT_EQ(Ops(db, "20240102"), "I4 U2 D3 I5 D5 I6 U1 ");

  // Date 3 takes the change left in the log.
  cal.Cut("20240103");
  RunOk(db, "20240103");
  EXPECT_EQ(Warehouse(db), db.truth());
  EXPECT_EQ(Ops(db, "20240103"), "U1 ");
  std::vector<std::string> third_truth = db.truth();

  // Before its cutoff a run is partial; its rerun after the cutoff completes the date.
  int64_t cutoff = cal.Mark("20240104", 2500);
  db.exec("INSERT INTO accounts VALUES (7, 'g', 7.00)");
  ProcessResult early = RunOk(db, "20240104");
  EXPECT_NE(early.out.find("partial"), std::string::npos) << early.out;
  EXPECT_EQ(Warehouse(db), db.truth());
  db.exec("UPDATE accounts SET balance = 70.00 WHERE id = 7");
  CaptureCutoffs::SleepPast(cutoff);
  RunOk(db, "20240104");
  EXPECT_EQ(Warehouse(db), db.truth());
  EXPECT_EQ(Ops(db, "20240104"), "I7 U7 ");
  // The history table, from its own change table, as of every date so far.
  EXPECT_EQ(Warehouse(db, "20240101"), first_truth);
  EXPECT_EQ(Warehouse(db, "20240102"), at_cutoff);
  EXPECT_EQ(Warehouse(db, "20240103"), third_truth);
  EXPECT_EQ(Warehouse(db, "20240104"), db.truth());
  EXPECT_EQ(db.sql("SELECT count(*) FROM dw_his_changes").at(0).at(0), "13");

  // DDL stops the run, naming the table; the merge table stays as it was.
  std::vector<std::string> before = Warehouse(db);
  db.exec("ALTER TABLE accounts ADD COLUMN note varchar(10)");
  db.exec("UPDATE accounts SET note = 'n' WHERE id = 1");
  cal.Cut("20240105");
  ProcessResult ddl = db.strata({"run", "acct", "--date", "20240105"});
  EXPECT_NE(ddl.status, 0);
  EXPECT_NE((ddl.out + ddl.err).find("accounts"), std::string::npos) << ddl.out << ddl.err;
  EXPECT_EQ(Warehouse(db), before);

  // A new snapshot gets past it; the change table gains the column.
  ProcessResult reset = db.strata({"resnapshot", "acct"});
  EXPECT_EQ(reset.status, 0) << reset.out << reset.err;
  ProcessResult after_ddl = RunOk(db, "20240105");
  EXPECT_NE(after_ddl.out.find("snapshot         : 5 rows"), std::string::npos) << after_ddl.out;
  EXPECT_EQ(Warehouse(db), db.truth());
  EXPECT_EQ(db.sql("SELECT count(*) FROM dw_accounts_changes WHERE note = 'n'").at(0).at(0), "1");

  // A log the server no longer has: a clear error naming the way out, nothing applied.
  db.exec("UPDATE accounts SET name = 'lost' WHERE id = 2");
  db.lose_log();
  cal.Cut("20240106");
  before = Warehouse(db);
  ProcessResult lost = db.strata({"run", "acct", "--date", "20240106"});
  EXPECT_NE(lost.status, 0) << lost.out;
  EXPECT_NE(lost.err.find("strata resnapshot acct"), std::string::npos) << lost.out << lost.err;
  EXPECT_EQ(Warehouse(db), before);
  EXPECT_EQ(db.strata({"resnapshot", "acct"}).status, 0);
  RunOk(db, "20240106");
  EXPECT_EQ(Warehouse(db), db.truth());
}

TEST(CaptureSync, MariadbMergeTableFollowsTheBinlog) {
  MariadbServer server(MariadbServer::Options{true, {"--binlog-format=ROW"}});
  PrepareCaptureMariadb(server);
  MysqlProject project(server, "cdc", "cdc-pw");
  project.Write(WithConnection(kNodes, "my"));
  MariadbSession session(server.port(), "root", "", "app");
  CaptureDb db{[&](const std::string& sql) { session.Exec(sql); },
               [&] {
                 return FlattenRows(server.Query(
                     "SELECT CAST(id AS CHAR), name, CAST(balance AS CHAR) FROM app.accounts "
                     "ORDER BY id"));
               },
               [&](const std::vector<std::string>& args) { return project.Run(args); },
               [&](const std::string& sql) { return project.Rows(sql); },
               [&] { LoseBinlog(server); }};
  PlayScenario(db);

  // A crash after the log is stored but before the merge: the instance is
  // not taken as done; the next run merges what was stored.
  db.exec("UPDATE accounts SET name = 'crash' WHERE id = 4");
  CaptureCutoffs cal;
  cal.Cut("20240107");
  ProcessResult crashed = project.fixture().Strata(
      {"run", "acct", "--date", "20240107"},
      {{kPasswordEnv, "cdc-pw"}, {"STRATA_FAILPOINT", "capture.after_spool"}});
  EXPECT_NE(crashed.status, 0);
  ProcessResult recovered = RunOk(db, "20240107");
  EXPECT_EQ(recovered.out.find("not run again"), std::string::npos) << recovered.out;
  EXPECT_EQ(Warehouse(db), db.truth());

  // check --connect names a missing privilege for reading the log.
  ProcessResult ok = project.Run({"check", "--connect"});
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("acct: change log"), std::string::npos) << ok.out;
  server.Exec("REVOKE REPLICATION SLAVE ON *.* FROM cdc@'%'");
  ProcessResult lacking = project.Run({"check", "--connect"});
  EXPECT_NE(lacking.status, 0);
  EXPECT_NE((lacking.out + lacking.err).find("lacks REPLICATION SLAVE"), std::string::npos)
      << lacking.out << lacking.err;
}

TEST(CaptureSync, PostgresMergeTableFollowsLogicalReplication) {
  PostgresServer server({"wal_level=logical"});
  PrepareCapturePostgres(server);
  ProjectFixture project;
  WritePgProject(project, server, WithConnection(kNodes, "pg"), CapturePgUrl(server));
  auto session = server.Connect();
  CaptureDb db{
      [&](const std::string& sql) { session->Exec(sql); },
      [&] {
        return FlattenRows(
            server.Query("SELECT id::text, name, balance::text FROM accounts ORDER BY id"));
      },
      [&](const std::vector<std::string>& args) { return RunPg(project, args, "cdc pass"); },
      [&](const std::string& sql) {
        auto rows = ParseCsv(project.Csv(sql));
        if (!rows.empty()) rows.erase(rows.begin());
        return rows;
      },
      [&] { server.Exec("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"); }};
  PlayScenario(db);

  // A change table node: its target holds the change rows, nothing is merged.
  CaptureCutoffs cal;
  int64_t cutoff = cal.Mark("20240107", 2500);
  ProcessResult early = db.strata({"run", "acct_log", "--date", "20240107"});
  EXPECT_EQ(early.status, 0) << early.out << early.err;
  EXPECT_NE(early.out.find("capture acct_log -> acct_log"), std::string::npos) << early.out;
  EXPECT_NE(early.out.find("partial"), std::string::npos) << early.out;
  db.exec("INSERT INTO accounts VALUES (8, 'h', 8.00)");
  CaptureCutoffs::SleepPast(cutoff);
  ProcessResult late = db.strata({"run", "acct_log", "--date", "20240107"});
  EXPECT_EQ(late.status, 0) << late.out << late.err;
  EXPECT_EQ(
      db.sql("SELECT count(*), max_by(_op || id, _seq) FROM acct_log WHERE ds = '20240107'").at(0),
      (std::vector<std::string>{"6", "I8"}));
}

}  // namespace
}  // namespace strata::test
