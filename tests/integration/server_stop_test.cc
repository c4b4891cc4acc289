// Operations that reach work in progress: stopping a running instance from
// the page (a sync and a SQL node, run by the page's own executor), a
// backfill's parallelism kept by `strata serve`, and the grid's filter on
// the states the page shows (blocked is not a stored state).

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "server_api_fixture.h"

namespace strata::test {
namespace {

class ServerStop : public ServerApi {
 protected:
  // Two nodes that run until stopped: a sync reading an endless SQLite
  // query, and a SQL node counting a huge cross join. Each may retry, so a
  // stop that was retried would show.
  void AddEndlessNodes() {
    WriteFile(dir_ / "sql" / "endless.sql",
              "create table if not exists endless_n(n bigint);\n"
              "insert overwrite table endless_n select count(*) as n "
              "from range(1000000000) a, range(1000000000) b;\n");
    std::string yaml = ReadFile(dir_ / "strata.yaml");
    yaml +=
        "  - name: endless_sync\n"
        "    type: sync\n"
        "    retries: 2\n"
        "    retry_interval: 1s\n"
        "    source:\n"
        "      connection: rds\n"
        "      query: \"with recursive c(x) as (select 1 union all select x + 1 from c) "
        "select x from c\"\n"
        "    target: { table: endless_t, partition: \"ds=${bizdate}\" }\n"
        "  - name: endless_sql\n"
        "    type: sql\n"
        "    retries: 2\n"
        "    retry_interval: 1s\n"
        "    sql_file: sql/endless.sql\n";
    WriteFile(dir_ / "strata.yaml", yaml);
    project_ = LoadProject(dir_);
  }
  // Waits (at most `seconds`) until `node`'s 20161114 instance is in `state`.
  bool WaitFor(const std::string& node, const std::string& state, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (StateOf(node, "20161114") == state) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // The table may be defined (its definition comes first), but no data
  // file of it is published or left staged anywhere in the warehouse.
  void ExpectNoDataOf(const std::string& table) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(project_.warehouse))
      if (e.path().extension() == ".parquet") {
        EXPECT_EQ(e.path().string().find(table), std::string::npos) << e.path();
      }
  }
  void StopsWhileRunning(const std::string& node) {
    json r = Post("/api/actions/rerun", {{"node", node}, {"date", "20161114"}}, 200,
                  {{"X-Strata-Request", "1"}, {"X-Strata-User", "carol"}});
    ASSERT_EQ(r["instances"].size(), 1u);
    std::string id = std::to_string(r["instances"][0].get<int64_t>());
    ASSERT_TRUE(WaitFor(node, "running", 60)) << StateOf(node, "20161114");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // well into its work
    ASSERT_EQ(StateOf(node, "20161114"), "running");
    json s = Post("/api/instances/" + id + "/stop", json::object(), 200,
                  {{"X-Strata-Request", "1"}, {"X-Strata-User", "carol"}});
    EXPECT_EQ(s["state"], "stopping");
    ASSERT_TRUE(WaitFor(node, "failed", 60)) << StateOf(node, "20161114");
    auto row = StateRows(dir_, "select attempt, message from instances where id = " + id);
    EXPECT_EQ(row[0][0], "1");  // not retried
    EXPECT_EQ(row[0][1], "stopped by carol@127.0.0.1");
    json inst = Get("/api/instances/" + id);
    EXPECT_NE(inst["log"].get<std::string>().find("stopped by carol"), std::string::npos)
        << inst["log"];
    json ops = Get("/api/operations");
    EXPECT_EQ(ops[0]["action"], "stop");
    EXPECT_EQ(ops[0]["detail"], node + " 20161114 (running)");
  }
};

TEST_F(ServerStop, StopEndsARunningSyncAndPublishesNothing) {
  AddEndlessNodes();
  Start("127.0.0.1", "", false);
  StopsWhileRunning("endless_sync");
  EXPECT_FALSE(std::filesystem::exists(project_.warehouse / "endless_t" / "ds=20161114"));
  ExpectNoDataOf("endless_t");
}

TEST_F(ServerStop, StopEndsARunningSqlNode) {
  AddEndlessNodes();
  Start("127.0.0.1", "", false);
  StopsWhileRunning("endless_sql");
  ExpectNoDataOf("endless_n");
}

// A backfill asked for one at a time runs one at a time under serve, whose
// max_parallel (2) would otherwise start two dates at once.
TEST_F(ServerStop, ServeKeepsABackfillsParallelism) {
  Start();
  Post("/api/actions/backfill",
       {{"node", "ods_oplog"}, {"from", "20161101"}, {"to", "20161104"}, {"parallel", 1}}, 200);
  server_.reset();
  ProcessResult serve = RunStrata({"-C", dir_.string(), "serve", "--until", "2016-11-15T00:00:01"},
                                  {{"STRATA_NOW", "2016-11-15T00:00:00"}});
  ASSERT_EQ(serve.status, 0) << serve.err;
  int running = 0, most = 0, finished = 0;
  std::istringstream lines(serve.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("] start ods_oplog bizdate 201611") != std::string::npos) ++running;
    if (line.find("] ods_oplog bizdate 201611") != std::string::npos) --running, ++finished;
    most = std::max(most, running);
  }
  EXPECT_EQ(finished, 4) << serve.out;
  EXPECT_EQ(most, 1) << serve.out;
  for (const char* d : {"20161101", "20161102", "20161103", "20161104"})
    EXPECT_EQ(StateOf("ods_oplog", d), "succeeded");
}

// `blocked` and `interrupted` are shown states of waiting instances: the
// filter matches what the grid shows, not the stored state.
TEST_F(ServerStop, GridFiltersByTheShownState) {
  Start();
  json r = Post("/api/actions/rerun",
                {{"node", "ods_user_inc"}, {"date", "20161114"}, {"descendants", true}}, 200);
  Post("/api/instances/" + std::to_string(r["instances"][0].get<int64_t>()) + "/stop",
       json::object(), 200);
  json blocked = Get("/api/grid?from=20161113&to=20161114&state=blocked");
  ASSERT_EQ(blocked["rows"].size(), 1u) << blocked;
  EXPECT_EQ(blocked["rows"][0]["node"], "dw_user_inc_merge");
  EXPECT_EQ(blocked["total"], 1);
  // The merge's only waiting instance shows blocked, so it is not "waiting".
  json waiting = Get("/api/grid?from=20161113&to=20161114&state=waiting");
  for (const auto& row : waiting["rows"]) EXPECT_NE(row["node"], "dw_user_inc_merge");
  EXPECT_EQ(Get("/api/grid?from=20161113&to=20161114&state=failed")["rows"].size(), 1u);
  json bad = Get("/api/grid?from=20161113&to=20161114&state=sleepy", 400);
  EXPECT_NE(bad["error"].get<std::string>().find("sleepy"), std::string::npos) << bad;
}

}  // namespace
}  // namespace strata::test
