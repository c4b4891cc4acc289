#include "postgres_server.h"

#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/names.h"
#include "server_process.h"
#include "strata_process.h"

namespace strata::test {
namespace fs = std::filesystem;
namespace {

constexpr const char* kAdmin = "strata_admin";
constexpr const char* kAdminPassword = "admin-secret";
constexpr const char* kSessionSetup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; "
    "SET extra_float_digits = 3";

// The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin).
fs::path BinDir() {
  if (const char* env = std::getenv("STRATA_PG_BINDIR")) return env;
  fs::path best;
  int best_major = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int major = std::atoi(entry.path().filename().c_str());
    if (major > best_major && fs::exists(entry.path() / "bin/postgres")) {
      best_major = major;
      best = entry.path() / "bin";
    }
  }
  if (best.empty()) throw std::runtime_error("no PostgreSQL server under /usr/lib/postgresql");
  return best;
}

std::string Tail(const fs::path& file) {
  std::string s = ReadFile(file);
  return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
}

}  // namespace

PostgresServer::Session::Session(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw std::runtime_error("test session: " + msg);
  }
  Exec(kSessionSetup);
}

PostgresServer::Session::~Session() {
  if (conn_) PQfinish(conn_);
}

void PostgresServer::Session::Exec(const std::string& sql) {
  Query(sql);
}

SqlRows PostgresServer::Session::Query(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    throw std::runtime_error("test SQL failed: " + msg + "SQL: " + sql.substr(0, 300));
  }
  SqlRows rows;
  for (int i = 0; i < PQntuples(r); ++i) {
    std::vector<std::optional<std::string>> row;
    for (int c = 0; c < PQnfields(r); ++c) {
      if (PQgetisnull(r, i, c))
        row.emplace_back(std::nullopt);
      else
        row.emplace_back(std::string(PQgetvalue(r, i, c), PQgetlength(r, i, c)));
    }
    rows.push_back(std::move(row));
  }
  PQclear(r);
  return rows;
}

PostgresServer::PostgresServer(std::vector<std::string> settings) : settings_(std::move(settings)) {
  passwd* pw = getpwnam("postgres");
  if (!pw) throw std::runtime_error("no 'postgres' OS user to run the test server as");
  uid_ = pw->pw_uid;
  gid_ = pw->pw_gid;
  std::string tmpl = (fs::temp_directory_path() / "strata-pg-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  if (chown(dir_.c_str(), uid_, gid_) != 0) throw std::runtime_error("chown failed");
  std::ofstream(dir_ / "pwfile") << kAdminPassword << "\n";
  if (chown((dir_ / "pwfile").c_str(), uid_, gid_) != 0) throw std::runtime_error("chown failed");
  pid_t pid = Spawn({(BinDir() / "initdb").string(), "-D", (dir_ / "data").string(), "-U", kAdmin,
                     "--pwfile=" + (dir_ / "pwfile").string(), "-A", "scram-sha-256", "-E", "UTF8",
                     "--no-locale", "-N"});
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("initdb failed:\n" + Tail(dir_ / "server.log"));
  port_ = FreeLoopbackPort();
  Start();
  Exec("CREATE ROLE " + std::string(kUser) + " LOGIN PASSWORD " + QuoteLiteral(kPassword) +
       "; GRANT pg_read_all_data TO " + kUser);
}

PostgresServer::~PostgresServer() {
  if (postmaster_ > 0) Stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

pid_t PostgresServer::Spawn(const std::vector<std::string>& args) const {
  // Should the test process die, the server shuts down (SIGINT: fast
  // shutdown) rather than linger.
  return SpawnServerProcess({args, dir_ / "server.log", SIGINT, std::make_pair(uid_, gid_), dir_});
}

void PostgresServer::Start() {
  std::vector<std::string> argv = {(BinDir() / "postgres").string(),
                                   "-D",
                                   (dir_ / "data").string(),
                                   "-p",
                                   std::to_string(port_),
                                   "-k",
                                   dir_.string(),
                                   "-c",
                                   "listen_addresses=127.0.0.1",
                                   "-c",
                                   "fsync=off",
                                   "-c",
                                   "synchronous_commit=off",
                                   "-c",
                                   "full_page_writes=off",
                                   "-c",
                                   "shared_buffers=16MB",
                                   "-c",
                                   "max_connections=60"};
  for (const std::string& setting : settings_) {
    argv.push_back("-c");
    argv.push_back(setting);
  }
  postmaster_ = Spawn(argv);
  WaitReady();
}

void PostgresServer::WaitReady() {
  std::string ping = "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=postgres";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (PQping(ping.c_str()) != PQPING_OK) {
    int status = 0;
    if (waitpid(postmaster_, &status, WNOHANG) == postmaster_) {
      postmaster_ = -1;
      throw std::runtime_error("postgres exited:\n" + Tail(dir_ / "server.log"));
    }
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("postgres did not start:\n" + Tail(dir_ / "server.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void PostgresServer::Stop() {
  if (postmaster_ <= 0) return;
  kill(postmaster_, SIGINT);  // fast shutdown: sessions are terminated
  int status = 0;
  waitpid(postmaster_, &status, 0);
  postmaster_ = -1;
}

int PostgresServer::TerminateBackends(const std::string& application_name) const {
  return std::stoi(
      Scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE application_name = " +
             QuoteLiteral(application_name)));
}

std::string PostgresServer::Log() const {
  return ReadFile(dir_ / "server.log");
}

std::string PostgresServer::AdminConninfo() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + kAdmin +
         " password=" + kAdminPassword + " dbname=postgres";
}

std::string PostgresServer::Url() const {
  return "postgres://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

std::string PostgresServer::KeyValueUrl() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + kUser + " dbname=postgres";
}

std::unique_ptr<PostgresServer::Session> PostgresServer::Connect() const {
  return std::make_unique<Session>(AdminConninfo());
}

void PostgresServer::Exec(const std::string& sql) const {
  Connect()->Exec(sql);
}

SqlRows PostgresServer::Query(const std::string& sql) const {
  return Connect()->Query(sql);
}

std::string PostgresServer::Scalar(const std::string& sql) const {
  SqlRows rows = Query(sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

void PostgresServer::WaitUntil(const std::string& sql, int timeout_s) const {
  auto session = Connect();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    SqlRows rows = session->Query(sql);
    if (!rows.empty() && rows[0][0] == std::optional<std::string>("t")) return;
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("condition not met within " + std::to_string(timeout_s) +
                               "s: " + sql);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void WritePgProject(const ProjectFixture& p, const PostgresServer& server,
                    const std::string& nodes_yaml, const std::string& url) {
  std::string u = url.empty() ? server.Url() : url;
  std::string quoted;
  for (char c : u) quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  p.Write("strata.yaml", "name: pgtest\nconnections:\n  pg: { url: \"" + quoted +
                             "\", password_env: PG_PASSWORD }\nnodes:\n" + nodes_yaml);
}

ProcessResult RunPg(const ProjectFixture& p, const std::vector<std::string>& args,
                    const std::string& password) {
  return p.Strata(args, {{"PG_PASSWORD", password}});
}

}  // namespace strata::test
