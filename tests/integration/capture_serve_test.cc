// Continuous capture in `strata serve` on real servers (MariaDB with
// binlog_format=ROW, PostgreSQL with wal_level=logical): after the first
// run's snapshot, serve stores each change in the change table within a
// few capture_interval rounds without any run; serve killed with SIGKILL
// while a writer is busy, then restarted, loses no change and stores none
// twice; `strata status` shows each capture's lag (nothing behind once
// caught up, bytes and seconds behind while serve is stopped and the
// source changes, "log end unknown" with the server down), and the page's
// /api/captures says the same; a change table node (mode: append) is read
// too; a node paused from the page is not read until resumed; a node
// failing every round (its table dropped) is printed once and leaves the
// other node's capture going; the date's run after its cutoff seals it and
// the merge table equals the source. Dates come from
// STRATA_CAPTURE_CUTOFFS: the serve's date is cut an hour ahead, so serve
// reads everything; the seal moves it to now.

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "capture_cutoffs.h"
#include "capture_servers.h"
#include "csv.h"
#include "mysql_test_util.h"
#include "postgres_server.h"
#include "server_process.h"

namespace strata::test {
namespace {

constexpr char kNodes[] = R"(  - name: acct
    type: sync
    source: { connection: db, table: accounts, capture: log }
    target: { table: dw_accounts, mode: merge }
  - name: other
    type: sync
    source: { connection: db, table: others, capture: log }
    target: { table: others_log, mode: append }
capture_interval: 500ms
)";

// Transactions the writer commits (each an insert, every third also an update).
int WriterKeys() {
  const char* n = std::getenv("STRATA_CAPTURE_SERVE_KEYS");
  return n ? std::max(10, std::atoi(n)) : 150;
}

// What the scenario needs of one database.
struct ServeDb {
  std::function<void(const std::string&)> exec;         // committed at once
  std::function<void(const std::string&)> writer_exec;  // another session, for the writer thread
  std::function<std::vector<std::string>()> truth;      // "id|name|balance" ordered by id
  std::function<ProcessResult(const std::vector<std::string>&)> strata;
  std::function<BackgroundStrata(const std::vector<std::string>&)> start;
  std::function<std::vector<std::vector<std::string>>(const std::string&)> sql;  // warehouse
  std::function<void()> stop_server;
  std::filesystem::path dir;  // the project
};

std::string Scalar(const ServeDb& db, const std::string& sql) {
  auto rows = db.sql(sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

int64_t ChangeRows(const ServeDb& db) {
  std::string n = Scalar(db, "SELECT count(*) FROM dw_accounts_changes WHERE ds = '20240102'");
  return n.empty() ? 0 : std::stoll(n);
}

// Waits until the change table holds `rows` change rows of the date;
// false after two minutes.
bool WaitForChanges(const ServeDb& db, int64_t rows) {
  return PollUntil([&] { return ChangeRows(db) >= rows; });
}

// Waits until others_log holds `rows` rows of the date.
void WaitForOthers(const ServeDb& db, const std::string& rows) {
  PollUntil(
      [&] { return Scalar(db, "SELECT count(*) FROM others_log WHERE ds = '20240102'") == rows; });
}

std::vector<std::string> Warehouse(const ServeDb& db) {
  std::vector<std::string> out;
  for (const auto& r : db.sql("SELECT id, coalesce(name, 'NULL'), coalesce(CAST(balance AS "
                              "VARCHAR), 'NULL') FROM dw_accounts ORDER BY id"))
    out.push_back(r.at(0) + "|" + r.at(1) + "|" + r.at(2));
  return out;
}

// The lag line of node acct in `strata status`'s output ("" when none).
std::string LagLine(const ServeDb& db) {
  ProcessResult r = db.strata({"status"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  size_t at = r.out.find("\nacct  dw_accounts_changes  stored ");
  if (at == std::string::npos) return "";
  return r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
}

// GET /api/captures of the serve whose page listens on `port`, once it answers.
nlohmann::json Captures(int port) {
  httplib::Client http("127.0.0.1", port);
  for (int i = 0; i < 300; ++i) {
    if (auto res = http.Get("/api/captures"); res && res->status == 200)
      return nlohmann::json::parse(res->body);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "the page on port " << port << " does not answer /api/captures";
  return nlohmann::json::array();
}

// Waits until serve has read node acct's log `rounds` more times (its
// note of each read in the state database changed that often).
void WaitForRounds(const ServeDb& db, int rounds) {
  std::string last;
  for (int i = 0; i < 1200 && rounds >= 0; ++i) {
    auto rows = StateRows(db.dir, "SELECT value FROM meta WHERE key = 'capture.read.acct'");
    std::string now = rows.empty() ? "" : rows[0][0];
    if (now != last) --rounds;
    last = now;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_LT(rounds, 0) << "serve did not read the log again";
}

// POSTs an action to the page of the serve on `port`.
void Act(int port, const std::string& path) {
  httplib::Client http("127.0.0.1", port);
  auto res = http.Post(path.c_str(), {{"X-Strata-Request", "1"}}, "{}", "application/json");
  ASSERT_TRUE(res) << path;
  EXPECT_EQ(res->status, 200) << path << ": " << res->body;
}

ProcessResult StopServe(const BackgroundStrata& serve) {
  kill(serve.pid, SIGTERM);
  BackgroundStrata s = serve;
  return s.Wait();
}

void PlayScenario(const ServeDb& db, bool exact_end) {
  CaptureCutoffs cal;
  Reaper reaper;
  db.exec("INSERT INTO accounts VALUES (1, 'a', 1.50), (2, 'b', 2.00), (3, NULL, NULL)");
  cal.Cut("20240101");
  ProcessResult first = db.strata({"run", "acct", "other", "--date", "20240101"});
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  cal.Mark("20240102", 3600 * 1000);  // serve's changes all fall in 20240102

  // Serve stores the changes without any run.
  BackgroundStrata serve = db.start({"serve"});
  reaper.pids.push_back(serve.pid);
  db.exec("INSERT INTO accounts VALUES (4, 'd', 4.00)");
  db.exec("UPDATE accounts SET name = 'B', balance = 20.50 WHERE id = 2");
  db.exec("DELETE FROM accounts WHERE id = 3");
  ASSERT_TRUE(WaitForChanges(db, 3)) << ReadFile(serve.out) << ReadFile(serve.err);
  std::string ops;
  for (const auto& r : db.sql("SELECT _op || id FROM dw_accounts_changes WHERE ds = '20240102' "
                              "ORDER BY _seq"))
    ops += r.at(0) + " ";
  EXPECT_EQ(ops, "I4 U2 D3 ");
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM dw_accounts"), "3");  // no run merged them
  // Node other, a change table node (mode: append), is read too.
  db.exec("INSERT INTO others VALUES (7)");
  WaitForOthers(db, "1");
  EXPECT_EQ(Scalar(db, "SELECT _op || id FROM others_log WHERE ds = '20240102'"), "I7");
  // Serve keeps each node's stream open between reads; a run of the node
  // gets the log (PostgreSQL: the slot) once serve's next turn of the node
  // lets go of it, and serve reads on after the run.
  ProcessResult run = db.strata({"run", "other", "--date", "20240102"});
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  db.exec("INSERT INTO others VALUES (8)");
  WaitForOthers(db, "2");
  EXPECT_EQ(Scalar(db,
                   "SELECT string_agg(_op || id, ' ' ORDER BY _seq) FROM others_log WHERE "
                   "ds = '20240102'"),
            "I7 I8");
  // From now on it fails every round; acct goes on.
  db.exec("DROP TABLE others");

  // SIGKILL while a writer is busy; a new serve resumes at the stored position.
  int keys = WriterKeys();
  int64_t expected = 3;
  for (int k = 0; k < keys; ++k) expected += k % 3 == 0 ? 2 : 1;
  std::thread writer([&] {
    for (int k = 0; k < keys; ++k) {
      std::string id = std::to_string(100 + k);
      db.writer_exec("INSERT INTO accounts VALUES (" + id + ", 'w', " + id + ")");
      if (k % 3 == 0) db.writer_exec("UPDATE accounts SET name = 'u' WHERE id = " + id);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  bool some = WaitForChanges(db, 4);
  kill(serve.pid, SIGKILL);
  EXPECT_EQ(serve.Wait().status, 128 + SIGKILL);
  int64_t at_kill = ChangeRows(db);
  int port = FreeLoopbackPort();
  serve = db.start({"serve", "--http", "127.0.0.1:" + std::to_string(port)});
  reaper.pids.push_back(serve.pid);
  writer.join();
  ASSERT_TRUE(some);
  ASSERT_TRUE(WaitForChanges(db, expected)) << ReadFile(serve.out) << ReadFile(serve.err);
  EXPECT_LT(at_kill, expected);  // the kill came before the writer's last change was stored
  // Every change once: one row per key and op, _seq without gaps.
  auto counts = db.sql(
      "SELECT count(*), count(DISTINCT _op || id), max(_seq) - min(_seq) + 1 FROM "
      "dw_accounts_changes WHERE ds = '20240102'");
  std::string n = std::to_string(expected);
  EXPECT_EQ(counts.at(0), (std::vector<std::string>{n, n, n}));
  EXPECT_EQ(Scalar(db,
                   "SELECT count(*) FROM dw_accounts_changes WHERE ds = '20240102' AND id >= "
                   "100 AND _op = 'U'"),
            std::to_string((keys + 2) / 3));

  // Caught up: the lag line says so (PostgreSQL's WAL also moves for other
  // reasons, so only MariaDB's binlog end is exactly the stored position).
  std::string caught_up = LagLine(db);
  EXPECT_NE(caught_up.find(" log end "), std::string::npos) << caught_up;
  // The page's API says the same.
  nlohmann::json api = Captures(port);
  ASSERT_EQ(api.size(), 2u) << api.dump();
  EXPECT_EQ(api[0]["node"], "acct");
  EXPECT_EQ(api[1]["node"], "other");
  EXPECT_EQ(api[1]["change_table"], "others_log");
  EXPECT_NE(api[1]["error"], "");
  EXPECT_EQ(api[0]["change_table"], "dw_accounts_changes");
  EXPECT_EQ(api[0]["error"], "");
  EXPECT_NE(caught_up.find("stored " + api[0]["stored"].get<std::string>() + " "),
            std::string::npos)
      << caught_up << "\n"
      << api.dump();
  if (exact_end) {
    EXPECT_EQ(api[0]["behind_bytes"], 0);
    EXPECT_EQ(api[0]["seconds_behind"], 0);
    EXPECT_NE(caught_up.find("behind 0 B, 0 s"), std::string::npos) << caught_up;
  }

  // Paused from the page, a node is not read; resumed, it is again. (A
  // round that began before the pause ends within the first sleep.)
  Act(port, "/api/nodes/acct/pause");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  db.exec("UPDATE accounts SET name = 'p' WHERE id = 4");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(ChangeRows(db), expected);
  Act(port, "/api/nodes/acct/resume");
  ASSERT_TRUE(WaitForChanges(db, ++expected)) << ReadFile(serve.out);

  // Stopped: the source moves on, the lag shows it. Before that, three
  // more rounds: node other's failure was printed once, not each round.
  WaitForRounds(db, 3);
  ProcessResult stopped = StopServe(serve);
  EXPECT_EQ(stopped.status, 0) << stopped.err;
  EXPECT_NE(stopped.out.find("stopped"), std::string::npos) << stopped.out;
  EXPECT_NE(stopped.out.find("capture: reading the logs of 2 capture: log nodes, 500 ms between "
                             "reads, 2 at once"),
            std::string::npos)
      << stopped.out;
  size_t failure = stopped.out.find("capture other: ");
  EXPECT_NE(failure, std::string::npos) << stopped.out;
  EXPECT_EQ(stopped.out.find("capture other: ", failure + 1), std::string::npos) << stopped.out;
  EXPECT_EQ(ChangeRows(db), expected);
  db.exec("UPDATE accounts SET balance = -1.25 WHERE id = 1");
  // The last read began before the stop: over a second ago once this sleep ends.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  std::string behind = LagLine(db);
  EXPECT_NE(behind.find(" behind "), std::string::npos) << behind;
  EXPECT_EQ(behind.find("behind 0 B"), std::string::npos) << behind;
  EXPECT_EQ(behind.find(", 0 s"), std::string::npos) << behind;
  // `status --captures --format json`: the page's objects, for scripts.
  ProcessResult lags = db.strata({"status", "--captures", "--format", "json"});
  ASSERT_EQ(lags.status, 0) << lags.err;
  nlohmann::json stopped_lags = nlohmann::json::parse(lags.out);
  ASSERT_EQ(stopped_lags.size(), 2u) << lags.out;
  EXPECT_EQ(stopped_lags[0]["node"], "acct");
  EXPECT_NE(behind.find("stored " + stopped_lags[0]["stored"].get<std::string>() + " "),
            std::string::npos)
      << behind << "\n"
      << lags.out;
  EXPECT_GT(stopped_lags[0]["behind_bytes"].get<int64_t>(), 0) << lags.out;
  EXPECT_GE(stopped_lags[0]["seconds_behind"].get<int64_t>(), 1) << lags.out;
  EXPECT_NE(stopped_lags[1]["error"], "") << lags.out;
  // As text: the lag lines alone, the same stored position; no dates with it.
  ProcessResult text = db.strata({"status", "--captures"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.rfind("capture lag (node, change table, ", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("stored " + stopped_lags[0]["stored"].get<std::string>() + " "),
            std::string::npos)
      << text.out;
  ProcessResult dated = db.strata({"status", "--captures", "--date", "20240102"});
  EXPECT_EQ(dated.status, 2) << dated.out;
  EXPECT_NE(dated.err.find("status --captures takes no dates"), std::string::npos) << dated.err;

  // The date's run after its cutoff seals it: the merge table equals the source.
  cal.Cut("20240102");
  ProcessResult seal = db.strata({"run", "acct", "--date", "20240102"});
  ASSERT_EQ(seal.status, 0) << seal.out << seal.err;
  EXPECT_EQ(seal.out.find("partial"), std::string::npos) << seal.out;
  // Sorted as text: PostgreSQL orders its id::text column as text.
  std::vector<std::string> warehouse = Warehouse(db), truth = db.truth();
  std::sort(warehouse.begin(), warehouse.end());
  std::sort(truth.begin(), truth.end());
  EXPECT_EQ(warehouse, truth);
  EXPECT_EQ(warehouse.size(), 3u + keys);
  EXPECT_EQ(ChangeRows(db), expected + 1);

  // A source that cannot be reached: its line says so, status still succeeds.
  db.stop_server();
  std::string down = LagLine(db);
  EXPECT_NE(down.find("log end unknown: "), std::string::npos) << down;
}

TEST(CaptureServe, MariadbServeSpoolsTheBinlogAndSurvivesKill) {
  MariadbServer server(MariadbServer::Options{true, {"--binlog-format=ROW"}});
  PrepareCaptureMariadb(server);
  server.Exec("CREATE TABLE app.others (id int PRIMARY KEY)");
  MysqlProject project(server, "cdc", "cdc-pw");
  project.Write(WithConnection(kNodes, "my"));
  MariadbSession session(server.port(), "root", "", "app");
  MariadbSession writer(server.port(), "root", "", "app");
  std::string dir = project.fixture().dir().string();
  ServeDb db{[&](const std::string& sql) { session.Exec(sql); },
             [&](const std::string& sql) { writer.Exec(sql); },
             [&] {
               return FlattenRows(server.Query(
                   "SELECT CAST(id AS CHAR), name, CAST(balance AS CHAR) FROM app.accounts "
                   "ORDER BY id"));
             },
             [&](const std::vector<std::string>& args) { return project.Run(args); },
             [&](const std::vector<std::string>& args) {
               std::vector<std::string> all{"-C", dir};
               all.insert(all.end(), args.begin(), args.end());
               return StartStrata(all, {{kPasswordEnv, "cdc-pw"}}, dir);
             },
             [&](const std::string& sql) { return project.Rows(sql); },
             [&] { server.Stop(); },
             dir};
  PlayScenario(db, /*exact_end=*/true);
}

TEST(CaptureServe, PostgresServeSpoolsLogicalReplicationAndSurvivesKill) {
  PostgresServer server({"wal_level=logical"});
  PrepareCapturePostgres(server);
  server.Exec("CREATE TABLE others (id int PRIMARY KEY); ALTER TABLE others OWNER TO strata_cdc");
  ProjectFixture project;
  WritePgProject(project, server, WithConnection(kNodes, "pg"), CapturePgUrl(server));
  auto session = server.Connect();
  auto writer = server.Connect();
  std::string dir = project.dir().string();
  ServeDb db{[&](const std::string& sql) { session->Exec(sql); },
             [&](const std::string& sql) { writer->Exec(sql); },
             [&] {
               return FlattenRows(
                   server.Query("SELECT id::text, name, balance::text FROM accounts ORDER BY id"));
             },
             [&](const std::vector<std::string>& args) { return RunPg(project, args, "cdc pass"); },
             [&](const std::vector<std::string>& args) {
               std::vector<std::string> all{"-C", dir};
               all.insert(all.end(), args.begin(), args.end());
               return StartStrata(all, {{"PG_PASSWORD", "cdc pass"}}, dir);
             },
             [&](const std::string& sql) {
               auto rows = ParseCsv(project.Csv(sql));
               if (!rows.empty()) rows.erase(rows.begin());
               return rows;
             },
             [&] {
               session.reset();
               writer.reset();
               server.Stop();
             },
             dir};
  PlayScenario(db, /*exact_end=*/false);
}

}  // namespace
}  // namespace strata::test
