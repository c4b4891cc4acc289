// MySQL/MariaDB source, failures: a connection killed or a server stopped in
// the middle of a read fails the node with the server's message and commits
// nothing; with retries the node succeeds once the server is back; bad URLs,
// wrong passwords, missing tables and columns each get a clear message that
// names host:port and never the password.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mysql_test_util.h"

namespace strata::test {
namespace {

constexpr int kBigRows = 400;

class MysqlFailures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer();
    CreateUsers(*server_);
    std::string rows;
    for (int i = 1; i <= kBigRows; ++i)
      rows += (i > 1 ? ",(" : "(") + std::to_string(i) + ", 'row " + std::to_string(i) +
              "', REPEAT('x', 2000))";
    // 2 kB rows: the 20 fast ones overflow the server's 16 kB network buffer,
    // so strata is fetching rows, not waiting for the first, when it stalls.
    server_->Exec(
        "CREATE TABLE app.big (id int PRIMARY KEY, v varchar(20), pad text);"
        "INSERT INTO app.big VALUES " +
        rows);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { server_->Start(); }  // a failed test may have left it stopped

  // The processlist id of strata's reading SELECT (its filter sleeps per
  // row), once it runs; 0 if it never shows within a minute.
  static std::string WaitForSlowRead() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    // A poll has lost its connection on a loaded machine ("Lost connection to
    // server during query"): it is retried until the deadline.
    while (std::chrono::steady_clock::now() < deadline) {
      std::string id;
      try {
        id = server_->Scalar(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'etl' AND "
            "INFO LIKE 'SELECT `id`%sleep%' LIMIT 1");
      } catch (const std::exception&) {
      }
      if (!id.empty()) return id;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling interval
    }
    return "";
  }

  // Syncs big into partition 20240101, then changes the source so that a
  // second, committed sync would differ from the first.
  static void FirstSyncThenChangeSource(const MysqlProject& p) {
    p.Write(SyncNode("big", "table: big", "big_copy"));
    ProcessResult ok = p.Run({"run", "--date", "20240101"});
    ASSERT_EQ(ok.status, 0) << ok.out << ok.err;
    server_->Exec("UPDATE app.big SET v = 'changed'");
  }

  static void ExpectPartitionUnchanged(const MysqlProject& p) {
    EXPECT_EQ(p.Scalar("select count(*) || ',' || count(*) filter (where v = 'changed') from "
                       "big_copy where ds = '20240101'"),
              std::to_string(kBigRows) + ",0");
    server_->Exec("UPDATE app.big SET v = CONCAT('row ', id)");
  }

  static std::string SlowNode(const std::string& extra = "") {
    return SyncNode("big", "table: big, where: \"id < 20 or sleep(0.01) = 0\"", "big_copy",
                    "    channels: 2\n" + extra);
  }

  static MariadbServer* server_;
};
MariadbServer* MysqlFailures::server_ = nullptr;

TEST_F(MysqlFailures, KilledConnectionFailsTheNodeAndCommitsNothing) {
  MysqlProject p(*server_);
  FirstSyncThenChangeSource(p);
  p.Write(SlowNode());
  BackgroundRun run(p, {"run", "--date", "20240101"});
  std::string id = WaitForSlowRead();
  ASSERT_NE(id, "") << "strata's read never showed in the processlist";
  server_->Exec("KILL " + id);
  const ProcessResult& r = run.Wait();
  EXPECT_NE(r.status, 0) << r.out;
  std::string where = "mysql connection 'my' (127.0.0.1:" + std::to_string(server_->port()) +
                      "): reading table 'big' (`id` in ";
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("): the read stopped: Lost connection to server during query"),
            std::string::npos)
      << r.err;
  ExpectPartitionUnchanged(p);
}

TEST_F(MysqlFailures, ServerStoppedMidReadFailsTheNodeAndCommitsNothing) {
  MysqlProject p(*server_);
  FirstSyncThenChangeSource(p);
  p.Write(SlowNode());
  BackgroundRun run(p, {"run", "--date", "20240101"});
  ASSERT_NE(WaitForSlowRead(), "");
  server_->Stop();
  const ProcessResult& r = run.Wait();
  server_->Start();
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(r.err.find("mysql connection 'my' (127.0.0.1:" + std::to_string(server_->port()) +
                       "): reading table 'big'"),
            std::string::npos)
      << r.err;
  ExpectPartitionUnchanged(p);
}

TEST_F(MysqlFailures, WithRetriesTheNodeSucceedsOnceTheServerIsBack) {
  MysqlProject p(*server_);
  p.Write(SyncNode("big", "table: big", "big_copy", "    retries: 30\n    retry_interval: 1s\n"));
  server_->Stop();
  // Hold the port while the server is down, so the first attempt surely
  // fails: accept its connection and hang up.
  // Close-on-exec: a strata started meanwhile must not inherit the port.
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  BackgroundRun run(p, {"run", "--date", "20240101"});
  pollfd pfd{fd, POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 60000), 1) << "strata never tried to connect";
  int conn = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  linger reset{1, 0};  // hang up with a reset: no TIME_WAIT left on the server's port
  setsockopt(conn, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  close(conn);
  close(fd);
  server_->Start();
  const ProcessResult& r = run.Wait();
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("failed (attempt 1 of 31)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("127.0.0.1:" + std::to_string(server_->port())), std::string::npos) << r.out;
  EXPECT_EQ(p.Scalar("select count(*) from big_copy"), std::to_string(kBigRows));
}

// Runs one node as `my` with `url` and `password`; returns stderr.
std::string Fails(const MysqlProject& p, const std::string& source, const std::string& url = "",
                  const std::string& password = "") {
  p.Write(SyncNode("n", source, "out"), url);
  ProcessResult r = password.empty() ? p.Run({"run", "--date", "20240101"})
                                     : p.fixture().Strata({"run", "--date", "20240101"},
                                                          {{kPasswordEnv, password}});
  EXPECT_NE(r.status, 0) << r.out;
  return r.err;
}

TEST_F(MysqlFailures, ClearMessagesForBadSettings) {
  MysqlProject p(*server_);
  std::string at = "mysql connection 'my' (127.0.0.1:" + std::to_string(server_->port()) + ")";
  std::string host = "mysql://etl@127.0.0.1:";
  std::string err = Fails(p, "table: big", host + "notaport/app");
  EXPECT_NE(err.find("connection 'my': mysql URL has a bad port 'notaport'"), std::string::npos)
      << err;
  err = Fails(p, "table: big", p.Url("?ssl-mode=SOMETIMES"));
  EXPECT_NE(err.find("has an unknown ssl-mode 'SOMETIMES'"), std::string::npos) << err;
  err = Fails(p, "table: big", p.Url("?colour=blue"));
  EXPECT_NE(err.find("has an unknown parameter 'colour'"), std::string::npos) << err;

  err = Fails(p, "table: big", "", "wrong-Pa55word");
  EXPECT_NE(err.find(at + ": cannot connect as 'etl': Access denied for user 'etl'"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("wrong-Pa55word"), std::string::npos) << err;

  err = Fails(p, "table: nope");
  EXPECT_NE(err.find(at + ": table 'nope' does not exist in database 'app'"), std::string::npos)
      << err;
  err = Fails(p, "table: big, columns: [id, zzz]");
  EXPECT_NE(err.find("table 'big' has no column 'zzz'"), std::string::npos) << err;
  err = Fails(p, "table: big, where: \"no_such_col > 1\"");
  EXPECT_NE(err.find(at + ": reading table 'big': 'SELECT `id`, `v`, `pad` FROM `app`.`big` WHERE "
                          "(no_such_col > 1)' failed: Unknown column 'no_such_col'"),
            std::string::npos)
      << err;
  err = Fails(p, "query: \"select id from nope\"");
  EXPECT_NE(err.find(at + ": query 'select id from nope' failed: Table 'app.nope' doesn't exist"),
            std::string::npos)
      << err;

  int closed_port = 0;  // a port nothing listens on: bound once, then released
  {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    closed_port = ntohs(addr.sin_port);
    close(fd);
  }
  err = Fails(p, "table: big", "mysql://etl@127.0.0.1:" + std::to_string(closed_port) + "/app");
  EXPECT_NE(err.find("mysql connection 'my' (127.0.0.1:" + std::to_string(closed_port) +
                     "): cannot connect as 'etl': Can't connect to server on '127.0.0.1'"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace strata::test
