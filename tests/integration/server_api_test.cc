// The operations page's JSON API (src/server/), without a browser: a
// UiServer in this process on an ephemeral loopback port over the demo
// project, driven by httplib's client. Every endpoint's status and JSON
// shape; bad input (unknown node, bad date, a 10,000-day range, a missing or
// wrong token on a non-loopback bind, cross-site POSTs) gets a clear 4xx and
// changes nothing; a pause made here stops `strata serve` from starting the
// node and shows in `strata status`.

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/clock.h"
#include "core/error.h"
#include "schedule/check_results.h"
#include "server_api_fixture.h"

namespace strata::test {
namespace {

TEST_F(ServerApi, ReadEndpointsAnswerTheirShapes) {
  Start();
  json o = Get("/api/overview");
  EXPECT_EQ(o["bizdate"], "20161114");
  EXPECT_EQ(o["project"], "seed_demo");
  EXPECT_GT(o["counts"]["succeeded"].get<int>(), 0);
  EXPECT_TRUE(o["failures"].is_array());

  json dag = Get("/api/dag?date=20161114");
  EXPECT_EQ(dag["nodes"].size(), project_.nodes.size());
  auto has_edge = [&](const std::string& from, const std::string& to, const std::string& kind) {
    json e = {{"from", from}, {"to", to}, {"kind", kind}};
    return std::find(dag["edges"].begin(), dag["edges"].end(), e) != dag["edges"].end();
  };
  EXPECT_TRUE(has_edge("ods_user_inc", "dw_user_inc_merge", "same-cycle"));
  EXPECT_TRUE(has_edge("dw_user_inc_merge", "dw_user_inc_merge", "previous-cycle"));
  json merge;
  for (const auto& n : dag["nodes"])
    if (n["name"] == "dw_user_inc_merge") merge = n;
  EXPECT_EQ(merge["state"], "succeeded");
  EXPECT_EQ(merge["paused"], false);

  json grid = Get("/api/grid?from=20161113&to=20161114&node=user_inc");
  EXPECT_EQ(grid["dates"], json({"20161113", "20161114"}));
  ASSERT_EQ(grid["rows"].size(), 3u);  // dw_user_inc_init, ods_user_inc, dw_user_inc_merge
  EXPECT_EQ(Get("/api/grid?from=20161114&to=20161114&state=failed")["rows"].size(), 0u);

  int64_t id = merge["instance"].get<int64_t>();
  json inst = Get("/api/instances/" + std::to_string(id));
  EXPECT_EQ(inst["node"], "dw_user_inc_merge");
  EXPECT_EQ(inst["bizdate"], "20161114");
  ASSERT_FALSE(inst["attempts"].empty());
  EXPECT_EQ(inst["attempts"][0]["state"], "succeeded");
  EXPECT_NE(inst["log"].get<std::string>().find("dw_user_inc_merge"), std::string::npos);
  EXPECT_EQ(inst["params"]["bizdate"], "20161114");
  Get("/api/instances/999999", 404);
  auto full = StateRows(dir_,
                        "select id from instances where node = 'ods_user_full' and "
                        "bizdate = '20161114'");
  json sync = Get("/api/instances/" + full.at(0).at(0));
  EXPECT_EQ(sync["partition"]["table"], "ods_user_full");
  EXPECT_EQ(sync["partition"]["spec"], "ds=20161114");
  EXPECT_GT(sync["partition"]["rows"].get<int64_t>(), 0);
  EXPECT_EQ(sync["checks"], json::array());  // the demo has no quality rules

  json tables = Get("/api/tables");
  ASSERT_FALSE(tables.empty());
  json user = Get("/api/tables/dw_user");
  EXPECT_NE(user["ddl"].get<std::string>().find("CREATE TABLE dw_user"), std::string::npos);
  json preview = Get("/api/tables/dw_user/preview?spec=");
  EXPECT_FALSE(preview["columns"].empty());
  EXPECT_FALSE(preview["rows"].empty());
  Get("/api/tables/no_such_table", 404);
  Get("/api/tables/dw_user/preview?spec=ds%3D1", 404);
  EXPECT_TRUE(Get("/api/operations").is_array());

  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<html"), std::string::npos);
}

// The instance page shows the quality rules its last attempt evaluated.
TEST_F(ServerApi, InstanceCarriesItsQualityCheckResults) {
  Start();
  auto rows = StateRows(dir_,
                        "select id from instances where node = 'ods_user_full' and "
                        "bizdate = '20161114'");
  int64_t id = std::stoll(rows.at(0).at(0));
  CheckResult weak{"not_null(uid)",   CheckLevel::kWeak, "ods_user_full", "ds=20161114", false, 2,
                   "2 rows with NULL"};
  CheckResult strong{
      "row_count(min 1)", CheckLevel::kStrong, "ods_user_full", "ds=20161114", true, 0, "5 rows"};
  CheckResultStore(dir_ / ".strata" / "state.db").Save(id, 1, {weak, strong});
  json checks = Get("/api/instances/" + std::to_string(id))["checks"];
  ASSERT_EQ(checks.size(), 2u) << checks.dump();
  EXPECT_EQ(checks[0]["rule"], "not_null(uid)");
  EXPECT_EQ(checks[0]["level"], "weak");
  EXPECT_EQ(checks[0]["passed"], false);
  EXPECT_EQ(checks[0]["failing"], 2);
  EXPECT_EQ(checks[0]["detail"], "2 rows with NULL");
  EXPECT_EQ(checks[0]["partition"], "ds=20161114");
  EXPECT_EQ(checks[1]["level"], "strong");
  EXPECT_EQ(checks[1]["passed"], true);
}

TEST_F(ServerApi, NoSecretInAnyAnswer) {
  WriteFile(dir_ / "pw", "s3cret-Pa55word\n");
  Start();
  std::string all;
  for (const char* p : {"/api/overview", "/api/dag", "/api/grid?from=20161101&to=20161114",
                        "/api/tables", "/api/operations", "/api/instances/1"})
    all += client_->Get(p)->body;
  EXPECT_EQ(all.find("s3cret"), std::string::npos);
  EXPECT_EQ(all.find("password"), std::string::npos);
}

TEST_F(ServerApi, BadReadsAre400) {
  Start();
  EXPECT_NE(Get("/api/dag?date=20161332", 400)["error"].get<std::string>().find("20161332"),
            std::string::npos);
  Get("/api/overview?date=yesterday", 400);
  Get("/api/grid?from=20100101&to=20161114", 400);  // more than 366 dates
  Get("/api/grid?from=20161114&to=20161101", 400);
  Get("/api/grid?limit=abc", 400);
}

TEST_F(ServerApi, BadActionsChangeNothing) {
  Start();
  std::string before = Fingerprint();
  json body = {{"node", "ods_user_inc"}, {"date", "20161114"}, {"descendants", true}};
  EXPECT_NE(Post("/api/actions/rerun", {{"node", "nope"}, {"date", "20161114"}}, 404)["error"]
                .get<std::string>()
                .find("unknown node 'nope'"),
            std::string::npos);
  Post("/api/actions/rerun", {{"node", "ods_user_inc"}, {"date", "20161131"}}, 400);
  Post("/api/actions/rerun", {{"date", "20161114"}}, 400);  // no node
  Post("/api/actions/rerun", json::array(), 400);
  EXPECT_NE(Post("/api/actions/backfill",
                 {{"node", "ods_oplog"}, {"from", "19900101"}, {"to", "20170518"}}, 400)["error"]
                .get<std::string>()
                .find("10000 days"),
            std::string::npos);
  Post("/api/actions/backfill", {{"node", "ods_oplog"}, {"from", "20161114"}, {"to", "20161101"}},
       400);
  Post("/api/actions/backfill",
       {{"node", "ods_oplog"}, {"from", "20161101"}, {"to", "20161102"}, {"parallel", 0}}, 400);
  Post("/api/nodes/nope/pause", json::object(), 404);
  Post("/api/instances/999999/set-success", json::object(), 404);
  // Cross-site: no custom header, a foreign Origin, a cross-site fetch.
  Post("/api/actions/rerun", body, 403, {});
  Post("/api/actions/rerun", body, 403,
       {{"X-Strata-Request", "1"}, {"Origin", "http://evil.example"}});
  Post("/api/actions/rerun", body, 403,
       {{"X-Strata-Request", "1"}, {"Sec-Fetch-Site", "cross-site"}});
  auto get = client_->Get("/api/actions/rerun");
  ASSERT_TRUE(get);
  EXPECT_GE(get->status, 400);
  EXPECT_EQ(Fingerprint(), before);
}

TEST_F(ServerApi, ActionsPlanAndAreJournaled) {
  Start();
  json r = Post("/api/actions/rerun",
                {{"node", "ods_user_inc"}, {"date", "20161114"}, {"descendants", true}}, 200,
                {{"X-Strata-Request", "1"}, {"X-Strata-User", "alice"}});
  EXPECT_EQ(r["instances"].size(), 2u);  // ods_user_inc and dw_user_inc_merge
  EXPECT_EQ(StateOf("ods_user_inc", "20161114"), "waiting");
  EXPECT_EQ(StateOf("dw_user_inc_merge", "20161114"), "waiting");
  EXPECT_EQ(StateOf("ods_user_full", "20161114"), "succeeded");

  json b =
      Post("/api/actions/backfill",
           {{"node", "ods_oplog"}, {"from", "20161101"}, {"to", "20161103"}, {"parallel", 2}}, 200);
  EXPECT_EQ(b["instances"].size(), 3u);
  EXPECT_EQ(StateOf("ods_oplog", "20161102"), "waiting");

  int64_t id = r["instances"][0].get<int64_t>();
  Post("/api/instances/" + std::to_string(id) + "/stop", json::object(), 200);
  EXPECT_EQ(StateOf("ods_user_inc", "20161114"), "failed");
  // Its waiting descendant shows blocked, as in strata status.
  json grid = Get("/api/grid?from=20161114&to=20161114&node=dw_user_inc_merge");
  ASSERT_EQ(grid["rows"].size(), 1u);
  EXPECT_EQ(grid["rows"][0]["states"][0], "blocked");
  Post("/api/instances/" + std::to_string(id) + "/stop", json::object(), 409);
  Post("/api/instances/" + std::to_string(id) + "/set-success", json::object(), 200);
  EXPECT_EQ(StateOf("ods_user_inc", "20161114"), "succeeded");

  Post("/api/nodes/ods_oplog/pause", json::object(), 200);
  json dag = Get("/api/dag?date=20161114");
  for (const auto& n : dag["nodes"])
    if (n["name"] == "ods_oplog") {
      EXPECT_EQ(n["paused"], true);
    }
  Post("/api/nodes/ods_oplog/resume", json::object(), 200);
  EXPECT_TRUE(StateRows(dir_, "select * from node_pauses").empty());

  json ops = Get("/api/operations");
  ASSERT_EQ(ops.size(), 6u);
  EXPECT_EQ(ops[5]["action"], "rerun");
  EXPECT_EQ(ops[5]["who"], "alice@127.0.0.1");
  EXPECT_EQ(ops[0]["action"], "resume");
}

TEST_F(ServerApi, NonLoopbackNeedsTheToken) {
  EXPECT_THROW(Start("0.0.0.0"), Error);
  EXPECT_THROW(Start("192.168.1.10"), Error);
  Start("0.0.0.0", "a-long-enough-token-123");
  std::string before = Fingerprint();
  Get("/api/overview", 401);
  auto wrong =
      client_->Get("/api/overview", {{"Authorization", "Bearer wrong-token-of-some-size"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(wrong->body.find("a-long-enough"), std::string::npos);
  Post("/api/nodes/ods_oplog/pause", json::object(), 401);
  EXPECT_EQ(Fingerprint(), before);
  auto ok = client_->Get("/api/overview", {{"Authorization", "Bearer a-long-enough-token-123"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  Post("/api/nodes/ods_oplog/pause", json::object(), 200,
       {{"X-Strata-Request", "1"}, {"Authorization", "Bearer a-long-enough-token-123"}});
}

TEST_F(ServerApi, ATokenGivenOnLoopbackIsRequired) {
  Start("127.0.0.1", "a-long-enough-token-123");
  Get("/api/dag", 401);
  auto ok = client_->Get("/api/dag", {{"Authorization", "Bearer a-long-enough-token-123"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerApi, CliRefusesANetworkBindWithoutToken) {
  ProcessResult ui = RunStrata({"-C", dir_.string(), "ui", "--http", "0.0.0.0:0"}, {});
  EXPECT_NE(ui.status, 0);
  EXPECT_NE(ui.err.find("needs a token"), std::string::npos) << ui.err;
  ProcessResult bad = RunStrata({"-C", dir_.string(), "ui", "--http", "localhost"}, {});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("not an address like"), std::string::npos) << bad.err;
}

TEST_F(ServerApi, ServeDoesNotStartAPausedNode) {
  Start();
  Post("/api/nodes/ods_oplog/pause", json::object(), 200,
       {{"X-Strata-Request", "1"}, {"X-Strata-User", "bob"}});
  server_.reset();
  ProcessResult serve = RunStrata({"-C", dir_.string(), "serve", "--until", "2016-11-16T12:00:00"},
                                  {{"STRATA_NOW", "2016-11-16T00:00:00"}});
  ASSERT_EQ(serve.status, 0) << serve.err;
  EXPECT_EQ(StateOf("ods_oplog", "20161115"), "waiting");
  EXPECT_EQ(StateOf("ods_user_full", "20161115"), "succeeded");
  ProcessResult status = RunStrata({"-C", dir_.string(), "status", "--date", "20161115"},
                                   {{"STRATA_NOW", "2016-11-16T12:00:00"}});
  EXPECT_NE(status.out.find("(paused by bob@127.0.0.1"), std::string::npos) << status.out;
}

// The event stream says "change" after an action commits, without polling.
TEST_F(ServerApi, EventStreamSaysChange) {
  Start();
  std::string received;
  std::atomic<bool> changed{false}, hello{false};
  std::thread reader([&] {
    httplib::Client events("127.0.0.1", server_->port());
    events.set_read_timeout(20, 0);
    events.Get("/api/events", [&](const char* data, size_t size) {
      received.append(data, size);
      hello = received.find("event: hello") != std::string::npos;
      changed = received.find("event: change") != std::string::npos;
      return !changed.load();  // stop reading once it came
    });
  });
  for (int i = 0; i < 50 && !hello.load(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Post("/api/nodes/ods_oplog/pause", json::object(), 200);
  reader.join();
  EXPECT_TRUE(changed.load()) << received;
}

// strata ui (no scheduler in the process): the page's rerun runs the
// instances itself, as strata run would.
TEST_F(ServerApi, WithoutASchedulerTheServerRunsTheRerun) {
  Start("127.0.0.1", "", false);
  Post("/api/actions/rerun",
       {{"node", "ods_user_inc"}, {"date", "20161114"}, {"descendants", true}}, 200);
  std::string merge = "waiting";
  for (int i = 0; i < 600 && merge != "succeeded" && merge != "failed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    merge = StateOf("dw_user_inc_merge", "20161114");
  }
  EXPECT_EQ(merge, "succeeded");
  EXPECT_EQ(StateOf("ods_user_inc", "20161114"), "succeeded");
  EXPECT_EQ(StateRows(dir_,
                      "select attempt from instances where node = 'dw_user_inc_merge' and "
                      "bizdate = '20161114'")[0][0],
            "2");
}

}  // namespace
}  // namespace strata::test
