#pragma once
// Shared by the simulation tests: the SimSource of merge_simulation.h on a
// real MariaDB or PostgreSQL server, holding `accounts(id, name, balance,
// optime)`, with a strata project whose nodes are the caller's.

#include <memory>
#include <string>
#include <vector>

#include "merge_simulation.h"
#include "mysql_test_util.h"
#include "postgres_server.h"

namespace strata::test {

// MariaDB: connection `my`, DATETIME(6).
class MariadbSimSource : public SimSource {
 public:
  MariadbSimSource(const MariadbServer& server, const std::string& nodes)
      : server_(server), project_(server) {
    server.Exec(
        "CREATE TABLE app.accounts (id int PRIMARY KEY, name varchar(40) NULL, balance "
        "decimal(12,2) NULL, optime datetime(6) NOT NULL, KEY (optime))");
    main_ = std::make_unique<MariadbSession>(server.port(), "root", "", "app");
    project_.Write(nodes);
  }
  void Exec(const std::string& sql) override { main_->Exec(sql); }
  // A new main connection, after the server restarted.
  void Reconnect() { main_ = std::make_unique<MariadbSession>(server_.port(), "root", "", "app"); }
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
  BackgroundStrata Background(const std::vector<std::string>& args) override {
    return project_.fixture().Start(args, {{kPasswordEnv, kEtlPassword}});
  }

 private:
  const MariadbServer& server_;
  MysqlProject project_;
  std::unique_ptr<MariadbSession> main_, late_;
};

// PostgreSQL: connection `pg`, timestamp(6) without time zone.
class PostgresSimSource : public SimSource {
 public:
  PostgresSimSource(const PostgresServer& server, const std::string& nodes) : server_(server) {
    server.Exec(
        "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(40), balance numeric(12,2), "
        "optime timestamp(6) NOT NULL); CREATE INDEX ON accounts (optime)");
    main_ = server.Connect();
    WritePgProject(project_, server, nodes);
  }
  void Exec(const std::string& sql) override { main_->Exec(sql); }
  // A new main connection, after the server restarted.
  void Reconnect() { main_ = server_.Connect(); }
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
  BackgroundStrata Background(const std::vector<std::string>& args) override {
    return project_.Start(args, {{"PG_PASSWORD", PostgresServer::kPassword}});
  }

 private:
  const PostgresServer& server_;
  ProjectFixture project_;
  std::unique_ptr<PostgresServer::Session> main_, late_;
};

}  // namespace strata::test
