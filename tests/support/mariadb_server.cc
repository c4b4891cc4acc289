#include "mariadb_server.h"

#include <mysql.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <thread>

#include "server_process.h"

namespace strata::test {
namespace fs = std::filesystem;
namespace {

pid_t Spawn(const std::vector<std::string>& args, const fs::path& log) {
  return SpawnServerProcess({args, log, SIGKILL, std::nullopt, {}});
}

std::string Error(st_mysql* m, const std::string& sql) {
  return "MariaDB test server: " + std::string(mysql_error(m)) + " in: " + sql.substr(0, 300);
}

}  // namespace

MariadbSession::MariadbSession(int port, const std::string& user, const std::string& password,
                               const std::string& db)
    : mysql_(mysql_init(nullptr)) {
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  unsigned timeout = 5;
  mysql_optionsv(mysql_, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_optionsv(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (!mysql_real_connect(mysql_, "127.0.0.1", user.c_str(), password.c_str(),
                          db.empty() ? nullptr : db.c_str(), port, nullptr,
                          CLIENT_MULTI_STATEMENTS)) {
    std::string msg = Error(mysql_, "connect");
    mysql_close(mysql_);
    throw std::runtime_error(msg);
  }
  Exec("SET time_zone = '+00:00', sql_mode = ''");
}

MariadbSession::~MariadbSession() {
  mysql_close(mysql_);
}

void MariadbSession::Exec(const std::string& sql) {
  Query(sql);
}

SqlRows MariadbSession::Query(const std::string& sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0)
    throw std::runtime_error(Error(mysql_, sql));
  SqlRows rows;
  int status = 0;
  do {
    if (MYSQL_RES* res = mysql_store_result(mysql_)) {
      unsigned n = mysql_num_fields(res);
      rows.clear();  // the last result set wins
      while (MYSQL_ROW row = mysql_fetch_row(res)) {
        unsigned long* len = mysql_fetch_lengths(res);
        auto& out = rows.emplace_back();
        for (unsigned i = 0; i < n; ++i)
          out.push_back(row[i] ? std::optional<std::string>(std::string(row[i], len[i]))
                               : std::nullopt);
      }
      mysql_free_result(res);
    }
    status = mysql_next_result(mysql_);
  } while (status == 0);
  if (status > 0 || mysql_errno(mysql_) != 0) throw std::runtime_error(Error(mysql_, sql));
  return rows;
}

std::string MariadbSession::Scalar(const std::string& sql) {
  SqlRows r = Query(sql);
  if (r.empty() || r[0].empty()) return "";
  return r[0][0].value_or("NULL");
}

unsigned long MariadbSession::ThreadId() {
  return mysql_thread_id(mysql_);
}

MariadbServer::MariadbServer(Options options) : options_(options) {
  fs::path data = dir_.path() / "data";
  // mariadbd has been seen to crash (signal 11) while bootstrapping on a
  // loaded machine; a fresh data folder and a second try get past it.
  for (int attempt = 1;; ++attempt) {
    fs::remove_all(data);
    pid_t pid = Spawn({"/usr/bin/mariadb-install-db", "--no-defaults",
                       "--auth-root-authentication-method=normal", "--user=root", "--skip-test-db",
                       "--innodb-log-file-size=8M", "--datadir=" + data.string()},
                      dir_.path() / "install.log");
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) break;
    if (attempt == 3)
      throw std::runtime_error("mariadb-install-db failed: " +
                               ReadFile(dir_.path() / "install.log"));
  }
  // The port is chosen only now, and checked once the server answers: a port
  // chosen before the slow install could meanwhile go to a parallel test's
  // server, and this test would then talk to (and lose) that one.
  for (int attempt = 1;; ++attempt) {
    port_ = FreeLoopbackPort();
    try {
      Start();
      break;
    } catch (const PortTaken&) {
      if (attempt == 5) throw std::runtime_error("mariadbd found no free port in 5 tries");
    }
  }
  // Anonymous accounts would shadow test users; nothing else needs them.
  Exec("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES");
}

MariadbServer::~MariadbServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);  // the folder goes away next; no need to shut down cleanly
    waitpid(pid_, nullptr, 0);
  }
}

std::string MariadbServer::Url(const std::string& user, const std::string& db) const {
  return "mysql://" + user + "@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

void MariadbServer::Start() {
  if (pid_ > 0) return;
  const fs::path& d = dir_.path();
  fs::create_directories(d / "tmp");
  std::vector<std::string> args = {
      "/usr/sbin/mariadbd", "--no-defaults", "--user=root", "--datadir=" + (d / "data").string(),
      "--socket=" + (d / "sock").string(),
      // Its own temporary tables' folder: in a shared /tmp
      // another server's files can collide with its own.
      "--tmpdir=" + (d / "tmp").string(), "--port=" + std::to_string(port_),
      "--bind-address=127.0.0.1", "--skip-name-resolve", "--pid-file=" + (d / "pid").string(),
      "--log-error=" + (d / "error.log").string(), "--server-id=1", "--innodb-buffer-pool-size=64M",
      "--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=2", "--max-connections=200"};
  if (options_.binlog) args.push_back("--log-bin=" + (d / "binlog").string());
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  pid_ = Spawn(args, d / "mariadbd.log");
  WaitUntilUp();
}

void MariadbServer::WaitUntilUp() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string ours = (dir_.path() / "data").string() + "/";
  while (true) {
    std::optional<std::string> datadir;
    try {
      datadir = MariadbSession(port_).Scalar("SELECT @@datadir");
    } catch (const std::runtime_error&) {
    }
    if (datadir && *datadir == ours) return;
    int status = 0;
    bool exited = waitpid(pid_, &status, WNOHANG) == pid_;
    if (datadir || exited) {  // another server answers on the port, or ours could not bind it
      std::string log = ReadFile(dir_.path() / "error.log");
      if (!exited) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
      }
      pid_ = -1;
      if (datadir || log.find("Address already in use") != std::string::npos) throw PortTaken();
      throw std::runtime_error("mariadbd exited: " + log);
    }
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("mariadbd did not come up: " + ReadFile(dir_.path() / "error.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling interval
  }
}

void MariadbServer::Freeze() {
  if (pid_ > 0) kill(pid_, SIGSTOP);
}

void MariadbServer::Thaw() {
  if (pid_ > 0) kill(pid_, SIGCONT);
}

void MariadbServer::Stop() {
  if (pid_ <= 0) return;
  Thaw();
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void MariadbServer::Exec(const std::string& sql) const {
  MariadbSession(port_).Exec(sql);
}

SqlRows MariadbServer::Query(const std::string& sql) const {
  return MariadbSession(port_).Query(sql);
}

std::string MariadbServer::Scalar(const std::string& sql) const {
  return MariadbSession(port_).Scalar(sql);
}

}  // namespace strata::test
