#pragma once
// Test support: a throwaway PostgreSQL server. The constructor runs initdb in
// a fresh temp folder owned by the `postgres` OS user (initdb refuses root;
// the server processes run as that user via setuid in a forked child),
// starts `postgres` on 127.0.0.1 at a free port with scram-sha-256 password
// authentication, waits until it answers PQping, and creates the login role
// kUser (password kPassword) that strata connects as; it may read every
// table (pg_read_all_data). Exec/Query run as the superuser. Stop()/Start()
// shut the server down (fast: sessions are terminated) and bring it back on
// the same port. The destructor stops the server and removes the folder.
// Use one per test suite (SetUpTestSuite). Not thread-safe, except Session
// objects, which are independent connections (one per thread).

#include <libpq-fe.h>
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "project_fixture.h"
#include "server_process.h"

namespace strata::test {

class PostgresServer {
 public:
  static constexpr const char* kUser = "strata_reader";
  // A quote, a space and a backslash: must survive being passed as a keyword.
  static constexpr const char* kPassword = "s3cret pa'ss\\word";

  // One superuser connection, with the same session settings strata uses
  // (UTC, ISO dates, iso_8601 intervals, exact floats).
  class Session {
   public:
    explicit Session(const std::string& conninfo);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    // Runs `sql` (several statements allowed); throws std::runtime_error on error.
    void Exec(const std::string& sql);
    // Rows of text values (NULL as nullopt) of the last statement.
    SqlRows Query(const std::string& sql);

   private:
    PGconn* conn_ = nullptr;
  };

  PostgresServer() : PostgresServer(std::vector<std::string>{}) {}
  // A server started with extra `-c name=value` settings, e.g.
  // {"wal_level=logical"} for change data capture.
  explicit PostgresServer(std::vector<std::string> settings);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // postgres://strata_reader@127.0.0.1:<port>/postgres (no password in it).
  std::string Url() const;
  // host=127.0.0.1 port=<port> user=strata_reader dbname=postgres
  std::string KeyValueUrl() const;

  void Exec(const std::string& sql) const;
  SqlRows Query(const std::string& sql) const;
  // The first value of the first row ("" for NULL).
  std::string Scalar(const std::string& sql) const;
  // A new superuser session (e.g. to hold a lock or write from another thread).
  std::unique_ptr<Session> Connect() const;

  // Polls `sql` (a query returning one boolean) until it is true; fails the
  // test if it is not within `timeout_s` seconds.
  void WaitUntil(const std::string& sql, int timeout_s = 120) const;

  // Ends every session of `application_name` with pg_terminate_backend;
  // returns how many there were.
  int TerminateBackends(const std::string& application_name = "strata") const;

  void Stop();
  void Start();
  // Everything the server has logged so far.
  std::string Log() const;

 private:
  std::string AdminConninfo() const;
  pid_t Spawn(const std::vector<std::string>& argv) const;
  void WaitReady();

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t postmaster_ = -1;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  std::vector<std::string> settings_;
};

// Writes `p`'s strata.yaml: connection `pg` (url `url`, default the server's
// Url(), password from $PG_PASSWORD) and then `nodes_yaml` under "nodes:".
void WritePgProject(const ProjectFixture& p, const PostgresServer& server,
                    const std::string& nodes_yaml, const std::string& url = "");
// Runs strata in `p` with PG_PASSWORD set to `password`.
ProcessResult RunPg(const ProjectFixture& p, const std::vector<std::string>& args,
                    const std::string& password = PostgresServer::kPassword);

}  // namespace strata::test
