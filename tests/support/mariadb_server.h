#pragma once
// Test support: a throwaway MariaDB server. The constructor initialises a
// data directory in a temp folder (mariadb-install-db, root without a
// password), starts mariadbd on 127.0.0.1 on a free port with the binary log
// on (unless asked not to), and waits until it accepts connections. Stop()
// and Start() stop and restart the same server on the same port (for
// dropped-connection tests); the destructor stops it and removes the folder.
// MariadbSession is one client connection (root unless told), for setting
// data up and for writer threads; one thread at a time per session.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "server_process.h"
#include "strata_process.h"

struct st_mysql;

namespace strata::test {

class MariadbSession {
 public:
  MariadbSession(int port, const std::string& user = "root", const std::string& password = "",
                 const std::string& db = "");
  ~MariadbSession();
  MariadbSession(const MariadbSession&) = delete;
  MariadbSession& operator=(const MariadbSession&) = delete;

  // Runs one or more statements separated by ';'; throws std::runtime_error.
  void Exec(const std::string& sql);
  SqlRows Query(const std::string& sql);
  // The first column of the first row ("" for none, "NULL" for NULL).
  std::string Scalar(const std::string& sql);
  unsigned long ThreadId();

 private:
  st_mysql* mysql_;
};

// Thrown by Start() when the port turned out to belong to another server.
struct PortTaken : std::runtime_error {
  PortTaken() : std::runtime_error("the port is taken by another server") {}
};

class MariadbServer {
 public:
  struct Options {
    bool binlog = true;
    std::vector<std::string> extra_args;  // more mariadbd options ("--ssl-ca=…")
  };
  explicit MariadbServer(Options options);
  MariadbServer() : MariadbServer(Options{}) {}
  ~MariadbServer();

  int port() const { return port_; }
  // "mysql://user@127.0.0.1:port/db"
  std::string Url(const std::string& user, const std::string& db) const;

  // As root, each on a fresh connection.
  void Exec(const std::string& sql) const;
  SqlRows Query(const std::string& sql) const;
  std::string Scalar(const std::string& sql) const;

  // Graceful shutdown (clients see their connections closed); waits for exit.
  void Stop();
  // Starts the stopped server again on the same port and waits until it is up.
  void Start();
  // SIGSTOP: the server keeps its connections open and answers nothing, as
  // a hung server does, until Thaw (SIGCONT). Stop thaws it first.
  void Freeze();
  void Thaw();
  bool running() const { return pid_ > 0; }

 private:
  void WaitUntilUp();

  Options options_;
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace strata::test
