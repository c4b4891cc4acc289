#pragma once
// Test support: MariaDB GTID replication between two MariadbServers of a
// test. Options for a replica (its own server id, another binlog basename,
// ROW format, replicated changes logged too), Replicate() points a replica
// at a primary by GTID (MASTER_USE_GTID=slave_pos, user repl created on the
// primary), CatchUp() waits until the replica applied everything the
// primary has logged, Promote() makes the replica a primary of its own,
// LoseBinlog() purges every binlog file but a new one.
// Throws std::runtime_error; one thread at a time.

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "mariadb_server.h"

namespace strata::test {

inline MariadbServer::Options ReplicaOptions(int server_id, const std::string& binlog_basename) {
  return {true,
          {"--server-id=" + std::to_string(server_id), "--log-bin=" + binlog_basename,
           "--log-slave-updates", "--binlog-format=ROW"}};
}

inline void Replicate(const MariadbServer& replica, const MariadbServer& primary) {
  primary.Exec(
      "CREATE USER repl@'%' IDENTIFIED BY 'repl-pw'; GRANT REPLICATION SLAVE ON *.* TO repl@'%'");
  replica.Exec(
      "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + std::to_string(primary.port()) +
      ", MASTER_USER='repl', MASTER_PASSWORD='repl-pw', MASTER_USE_GTID=slave_pos;"
      "START SLAVE");
}

inline void CatchUp(const MariadbServer& replica, const MariadbServer& primary) {
  std::string pos = primary.Scalar("SELECT @@gtid_binlog_pos");
  if (replica.Scalar("SELECT MASTER_GTID_WAIT('" + pos + "', 20)") != "0")
    throw std::runtime_error("the replica did not reach GTID " + pos);
}

inline void Promote(const MariadbServer& replica) {
  replica.Exec("STOP SLAVE; RESET SLAVE ALL");
}

// MariaDB keeps a binlog file until InnoDB has checkpointed its
// transactions: retries until the file in use now is gone.
inline void LoseBinlog(const MariadbServer& server) {
  std::string old = server.Scalar("SHOW MASTER STATUS");
  auto kept = [&] {
    for (const auto& row : server.Query("SHOW BINARY LOGS"))
      if (row.at(0) == old) return true;
    return false;
  };
  for (int i = 0; i < 100 && kept(); ++i) {
    server.Exec("FLUSH BINARY LOGS");
    server.Exec("PURGE BINARY LOGS TO '" + server.Scalar("SHOW MASTER STATUS") + "'");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (kept()) throw std::runtime_error("binlog file " + old + " could not be purged");
}

}  // namespace strata::test
