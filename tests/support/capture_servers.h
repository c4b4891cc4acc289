#pragma once
// Test support shared by the `capture: log` tests: the servers' capture
// accounts and their `accounts(id, name, balance)` table, and rows as text.
//   MariaDB: database `app`, user cdc / kCdcMysqlPassword with the binlog
//   grants (start the server with --binlog-format=ROW).
//   PostgreSQL: role strata_cdc / kCdcPgPassword, LOGIN REPLICATION, owning
//   the table, REPLICA IDENTITY FULL (start it with wal_level=logical).

#include <string>
#include <vector>

#include "mariadb_server.h"
#include "postgres_server.h"

namespace strata::test {

inline constexpr char kCdcMysqlPassword[] = "cdc-pw";
inline constexpr char kCdcPgPassword[] = "cdc pass";

inline void PrepareCaptureMariadb(const MariadbServer& server) {
  server.Exec(
      "CREATE DATABASE app; CREATE USER cdc@'%' IDENTIFIED BY 'cdc-pw';"
      "GRANT SELECT ON app.* TO cdc@'%';"
      "GRANT REPLICATION SLAVE, BINLOG MONITOR, RELOAD ON *.* TO cdc@'%';"
      "CREATE TABLE app.accounts (id int PRIMARY KEY, name varchar(40), balance decimal(12,2))");
}

inline void PrepareCapturePostgres(const PostgresServer& server) {
  server.Exec(
      "CREATE ROLE strata_cdc LOGIN REPLICATION PASSWORD 'cdc pass';"
      "GRANT CREATE ON DATABASE postgres TO strata_cdc;"
      "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(40), balance numeric(12,2));"
      "ALTER TABLE accounts OWNER TO strata_cdc; ALTER TABLE accounts REPLICA IDENTITY FULL");
}

// The capture role's URL.
inline std::string CapturePgUrl(const PostgresServer& server) {
  return "postgres://strata_cdc@127.0.0.1:" + std::to_string(server.port()) + "/postgres";
}

// `nodes_yaml` with every "connection: db" reading `connection` instead.
inline std::string WithConnection(std::string nodes_yaml, const std::string& connection) {
  for (size_t at; (at = nodes_yaml.find("connection: db")) != std::string::npos;)
    nodes_yaml.replace(at, 14, "connection: " + connection);
  return nodes_yaml;
}

// Each row as "v1|v2|…", NULL as "NULL".
inline std::vector<std::string> FlattenRows(const SqlRows& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) line += (i ? "|" : "") + r[i].value_or("NULL");
    out.push_back(line);
  }
  return out;
}

}  // namespace strata::test
