#pragma once
// Shared by the mysql_*_test.cc files: a strata project whose connection
// `my` points at a throwaway MariaDB server (password through password_env),
// and a background strata run.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "csv.h"
#include "mariadb_server.h"
#include "project_fixture.h"

namespace strata::test {

inline constexpr char kPasswordEnv[] = "STRATA_TEST_MYSQL_PASSWORD";
inline constexpr char kEtlPassword[] = "etl-S3cret-pw";

// A project folder whose strata.yaml has connection `my` (user `user`) and `nodes`.
class MysqlProject {
 public:
  MysqlProject(const MariadbServer& server, std::string user = "etl",
               std::string password = kEtlPassword, std::string db = "app")
      : server_(&server),
        user_(std::move(user)),
        password_(std::move(password)),
        db_(std::move(db)) {}

  const ProjectFixture& fixture() const { return p_; }
  std::string Url(const std::string& params = "") const {
    return server_->Url(user_, db_) + params;
  }
  // Writes strata.yaml; `url` defaults to this project's own.
  void Write(const std::string& nodes, const std::string& url = "") const {
    p_.Write("strata.yaml", "name: test\nconnections:\n  my: { url: \"" +
                                (url.empty() ? Url() : url) + "\", password_env: " + kPasswordEnv +
                                " }\nnodes:\n" + nodes);
  }
  ProcessResult Run(std::vector<std::string> args) const {
    return p_.Strata(std::move(args), {{kPasswordEnv, password_}});
  }
  // `strata sql --format csv`, parsed; the header row is dropped.
  std::vector<std::vector<std::string>> Rows(const std::string& sql) const {
    auto rows = ParseCsv(p_.Csv(sql));
    if (!rows.empty()) rows.erase(rows.begin());
    return rows;
  }
  std::string Scalar(const std::string& sql) const {
    auto rows = Rows(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }

 private:
  const MariadbServer* server_;
  std::string user_, password_, db_;
  ProjectFixture p_;
};

// One sync node reading `source_yaml` ("table: t" …) into `target`, partition ds.
inline std::string SyncNode(const std::string& name, const std::string& source_yaml,
                            const std::string& target, const std::string& extra = "") {
  return "  - name: " + name + "\n    type: sync\n    source: { connection: my, " + source_yaml +
         " }\n    target: { table: " + target + ", partition: \"ds=${bizdate}\" }\n" + extra;
}

// Runs strata on a thread so the test can act on the server meanwhile.
class BackgroundRun {
 public:
  BackgroundRun(const MysqlProject& p, std::vector<std::string> args)
      : thread_([this, &p, args] { result_ = p.Run(args); }) {}
  ~BackgroundRun() {
    if (thread_.joinable()) thread_.join();
  }
  const ProcessResult& Wait() {
    if (thread_.joinable()) thread_.join();
    return result_;
  }

 private:
  ProcessResult result_;
  std::thread thread_;
};

// Creates database `app`, user etl (SELECT on app, RELOAD for the global
// read lock) and user reader (SELECT only).
inline void CreateUsers(const MariadbServer& server) {
  server.Exec(std::string("CREATE DATABASE IF NOT EXISTS app CHARACTER SET utf8mb4;"
                          "CREATE USER IF NOT EXISTS etl@'%' IDENTIFIED BY '") +
              kEtlPassword +
              "'; GRANT SELECT ON app.* TO etl@'%'; GRANT RELOAD ON *.* TO etl@'%';"
              "CREATE USER IF NOT EXISTS reader@'%' IDENTIFIED BY 'reader-pw';"
              "GRANT SELECT ON app.* TO reader@'%';");
}

}  // namespace strata::test
