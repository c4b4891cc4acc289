#pragma once
// MysqlConnection owns one Connector/C session (MYSQL*) to a MySQL or MariaDB
// server. Promises:
//  - every session is set up the same way: TCP (never a socket file), no
//    auto-reconnect, character set utf8mb4, time_zone '+00:00' (TIMESTAMP
//    values read as UTC), sql_mode '' (zero dates and the like are returned,
//    not rejected), REPEATABLE READ, net_write_timeout 600 s;
//  - every failure throws strata::Error "mysql connection '<name>'
//    (<host:port>): <what>: <server message>", never naming the password;
//  - Abort() makes a connection that is in the middle of a result set
//    unusable at once, so closing it does not read the rest of the rows.
// Ownership: closes its session when destroyed. Thread-safety: one thread at
// a time (Connector/C sessions are not shared).

#include <mysql.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/mysql/mysql_url.h"

namespace strata {

// Rows of a small result (metadata, bounds): column values, NULL as nullopt.
using MysqlRows = std::vector<std::vector<std::optional<std::string>>>;

class MysqlConnection {
 public:
  // Connects and sets the session up; throws Error naming `name` and the
  // endpoint when the server cannot be reached or refuses the login.
  MysqlConnection(const MysqlUrl& url, const std::string& password, std::string name);
  ~MysqlConnection();
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  // Runs a statement that returns no rows (any result is discarded).
  void Exec(const std::string& sql);
  // Runs a statement and buffers its (small) result; `names` (optional)
  // receives the result's column names.
  MysqlRows Query(const std::string& sql, std::vector<std::string>* names = nullptr);
  // 'text' as a string literal, escaped for this session.
  std::string Quote(std::string_view text);

  // The error text for `what` with this session's last error appended.
  std::string ErrorText(const std::string& what) const;
  // "mysql connection '<name>' (<host:port>)", the start of every message.
  std::string Describe() const;
  unsigned LastErrno() const { return mysql_errno(mysql_); }

  // Shuts the socket down, so a pending result set fails instead of draining.
  void Abort();
  MYSQL* handle() { return mysql_; }

 private:
  void Connect(const MysqlUrl& url, const std::string& password);
  void SetTlsOptions(const MysqlUrl& url);

  MYSQL* mysql_ = nullptr;
  std::string name_;
  std::string endpoint_;
};

// A statement for an error message: on one line, at most ~300 characters.
std::string ShortSql(std::string_view sql);

}  // namespace strata
