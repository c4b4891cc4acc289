#pragma once
// The operations page's API test fixture: the demo project at 2016-11-15
// with a UiServer in this process on an ephemeral loopback port, driven by
// httplib's client, and the state database read back for the assertions.

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "project_fixture.h"
#include "server/ui_server.h"
#include "strata_process.h"

namespace strata::test {

using json = nlohmann::json;

class ServerApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path() / "seed";
    ProcessResult demo =
        RunStrata({"demo", "--dir", dir_.string()}, {{"STRATA_NOW", "2016-11-15T00:00:00"}});
    ASSERT_EQ(demo.status, 0) << demo.err;
    project_ = LoadProject(dir_);
    Clock::Fix(FromLocal(*ParseLocalDateTime("2016-11-15T00:00:00")));
  }
  void TearDown() override {
    server_.reset();
    Clock::Reset();
  }
  // A server guarding as for `host`, listening on loopback.
  httplib::Client& Start(const std::string& host = "127.0.0.1", const std::string& token = "",
                         bool scheduler_in_process = true) {
    UiServerOptions o;
    o.host = host;
    o.listen_host = "127.0.0.1";
    o.port = 0;
    o.token = token;
    // By default actions only plan; nothing runs behind the test's back.
    o.scheduler_in_process = scheduler_in_process;
    server_ = std::make_unique<UiServer>(project_, o);
    server_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    return *client_;
  }
  json Get(const std::string& path, int status = 200) {
    auto res = client_->Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json::parse(res->body);
  }
  json Post(const std::string& path, const json& body, int status,
            httplib::Headers headers = {{"X-Strata-Request", "1"}}) {
    auto res = client_->Post(path.c_str(), headers, body.dump(), "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json::parse(res->body);
  }
  // What an action could have changed: instance states and the journal.
  std::string Fingerprint() {
    std::string out;
    for (const auto& r : StateRows(dir_, "select id, state, attempt from instances order by id"))
      out += r[0] + r[1] + r[2] + ";";
    for (const auto& r : StateRows(dir_, "select count(*) from operations")) out += "ops" + r[0];
    for (const auto& r : StateRows(dir_, "select count(*) from node_pauses")) out += "p" + r[0];
    return out;
  }
  std::string StateOf(const std::string& node, const std::string& bizdate) {
    auto r = StateRows(dir_, "select state from instances where node = '" + node +
                                 "' and bizdate = '" + bizdate + "'");
    return r.empty() ? "none" : r[0][0];
  }

  TempDir tmp_;
  std::filesystem::path dir_;
  Project project_;
  std::unique_ptr<UiServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace strata::test
