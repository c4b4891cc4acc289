// `strata serve` reads its capture: log nodes on up to max_parallel workers,
// so a source server that hangs (frozen with SIGSTOP: its connections stay
// open and nothing answers) holds up its own node only: another node, on
// another server, goes on being captured meanwhile, and the hung node
// catches up once its server answers again.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "capture_cutoffs.h"
#include "capture_servers.h"
#include "mysql_test_util.h"
#include "server_process.h"

namespace strata::test {
namespace {

std::string Yaml(const MariadbServer& one, const MariadbServer& two) {
  auto node = [](const std::string& name, const std::string& conn) {
    return "  - name: " + name + "\n    type: sync\n    source: { connection: " + conn +
           ", table: accounts, capture: log }\n    target: { table: " + name +
           "_log, mode: append }\n";
  };
  // Connecting waits as long as a hung server takes (the 10 s default would
  // end the wait long before the test's); reads have no timeout anyway.
  auto conn = [](const std::string& name, const MariadbServer& s) {
    return "  " + name + ": { url: \"" + s.Url("cdc", "app") +
           "?connect-timeout=3600\", password_env: " + kPasswordEnv + " }\n";
  };
  return "name: test\ncapture_interval: 200ms\nconnections:\n" + conn("one", one) +
         conn("two", two) + "nodes:\n" + node("a", "one") + node("b", "two");
}

// Waits until node `table`'s change table holds `rows` rows of the date;
// false after two minutes.
bool WaitForRows(const MysqlProject& p, const std::string& table, int rows) {
  return PollUntil([&] {
    std::string n = p.Scalar("SELECT count(*) FROM " + table + " WHERE ds = '20240102'");
    return !n.empty() && std::stoi(n) >= rows;
  });
}

TEST(CaptureServeHungSource, AFrozenServerHoldsUpOnlyItsOwnNode) {
  MariadbServer one(MariadbServer::Options{true, {"--binlog-format=ROW"}});
  MariadbServer two(MariadbServer::Options{true, {"--binlog-format=ROW"}});
  PrepareCaptureMariadb(one);
  PrepareCaptureMariadb(two);
  MysqlProject p(one, "cdc", kCdcMysqlPassword);
  p.fixture().Write("strata.yaml", Yaml(one, two));
  CaptureCutoffs cal;
  cal.Cut("20240101");
  ProcessResult first = p.Run({"run", "a", "b", "--date", "20240101"});
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  cal.Mark("20240102", 3600 * 1000);  // serve's changes all fall in 20240102

  std::string dir = p.fixture().dir().string();
  BackgroundStrata serve =
      StartStrata({"-C", dir, "serve"}, {{kPasswordEnv, kCdcMysqlPassword}}, dir);
  Reaper reaper{{serve.pid}};
  one.Exec("INSERT INTO app.accounts VALUES (1, 'one', 1)");
  two.Exec("INSERT INTO app.accounts VALUES (1, 'two', 1)");
  ASSERT_TRUE(WaitForRows(p, "a_log", 1) && WaitForRows(p, "b_log", 1))
      << ReadFile(serve.out) << ReadFile(serve.err);

  // Server one hangs; node b's changes still arrive.
  one.Freeze();
  two.Exec("INSERT INTO app.accounts VALUES (2, 'two', 2)");
  bool b_went_on = WaitForRows(p, "b_log", 2);
  one.Thaw();
  EXPECT_TRUE(b_went_on) << ReadFile(serve.out) << ReadFile(serve.err);
  // Server one answers again; node a catches up.
  one.Exec("INSERT INTO app.accounts VALUES (2, 'one', 2)");
  EXPECT_TRUE(WaitForRows(p, "a_log", 2)) << ReadFile(serve.out) << ReadFile(serve.err);

  kill(serve.pid, SIGTERM);
  ProcessResult stopped = serve.Wait();
  EXPECT_EQ(stopped.status, 0) << stopped.out << stopped.err;
  EXPECT_NE(stopped.out.find("2 at once"), std::string::npos) << stopped.out;
  EXPECT_EQ(p.Scalar("SELECT string_agg(_op || id, ' ' ORDER BY _seq) FROM a_log WHERE ds = "
                     "'20240102'"),
            "I1 I2");
}

}  // namespace
}  // namespace strata::test
