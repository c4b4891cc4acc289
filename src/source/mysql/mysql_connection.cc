#include "source/mysql/mysql_connection.h"

#include <sys/socket.h>

#include <mutex>

#include "core/error.h"

namespace strata {
namespace {

// Connector/C's global setup is not thread-safe; run it once, first.
void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (mysql_library_init(0, nullptr, nullptr) != 0)
      throw Error("cannot initialise the MariaDB Connector/C library");
  });
}

// Buffers a small result set into rows of optional strings.
MysqlRows ReadAll(MYSQL_RES* res) {
  MysqlRows rows;
  unsigned n = mysql_num_fields(res);
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    unsigned long* len = mysql_fetch_lengths(res);
    auto& out = rows.emplace_back();
    for (unsigned i = 0; i < n; ++i) {
      if (row[i])
        out.emplace_back(std::string(row[i], len[i]));
      else
        out.emplace_back(std::nullopt);
    }
  }
  return rows;
}

}  // namespace

std::string ShortSql(std::string_view sql) {
  std::string out;
  for (char c : sql) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (out.size() > 300) out = out.substr(0, 297) + "...";
  return out;
}

MysqlConnection::MysqlConnection(const MysqlUrl& url, const std::string& password, std::string name)
    : name_(std::move(name)), endpoint_(url.Endpoint()) {
  InitLibrary();
  mysql_ = mysql_init(nullptr);
  if (!mysql_) throw Error(Describe() + ": out of memory");
  try {
    Connect(url, password);
  } catch (...) {
    mysql_close(mysql_);
    throw;
  }
}

MysqlConnection::~MysqlConnection() {
  if (mysql_) mysql_close(mysql_);
}

void MysqlConnection::SetTlsOptions(const MysqlUrl& url) {
  if (url.ssl_mode == MysqlSslMode::kDisabled) return;
  if (!url.ssl_ca.empty()) mysql_optionsv(mysql_, MYSQL_OPT_SSL_CA, url.ssl_ca.c_str());
  if (!url.ssl_cert.empty()) mysql_optionsv(mysql_, MYSQL_OPT_SSL_CERT, url.ssl_cert.c_str());
  if (!url.ssl_key.empty()) mysql_optionsv(mysql_, MYSQL_OPT_SSL_KEY, url.ssl_key.c_str());
  bool required = url.ssl_mode == MysqlSslMode::kRequired ||
                  url.ssl_mode == MysqlSslMode::kVerifyCa ||
                  url.ssl_mode == MysqlSslMode::kVerifyIdentity;
  my_bool enforce = required ? 1 : 0;
  if (required) mysql_optionsv(mysql_, MYSQL_OPT_SSL_ENFORCE, &enforce);
  // Connector/C checks the chain and the host name together; it has no
  // chain-only check, so VERIFY_CA is as strict as VERIFY_IDENTITY.
  my_bool verify =
      url.ssl_mode == MysqlSslMode::kVerifyCa || url.ssl_mode == MysqlSslMode::kVerifyIdentity;
  mysql_optionsv(mysql_, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
}

void MysqlConnection::Connect(const MysqlUrl& url, const std::string& password) {
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  unsigned timeout = url.connect_timeout_seconds;
  my_bool reconnect = 0;
  mysql_optionsv(mysql_, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_optionsv(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql_, MYSQL_OPT_RECONNECT, &reconnect);
  mysql_optionsv(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  SetTlsOptions(url);
  const char* db = url.database.empty() ? nullptr : url.database.c_str();
  const char* pw = password.empty() ? nullptr : password.c_str();
  if (!mysql_real_connect(mysql_, url.host.c_str(), url.user.c_str(), pw, db, url.port, nullptr, 0))
    throw Error(ErrorText("cannot connect as '" + url.user + "'"));
  Exec("SET NAMES utf8mb4, time_zone = '+00:00', sql_mode = '', net_write_timeout = 600");
  Exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
}

void MysqlConnection::Exec(const std::string& sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0)
    throw Error(ErrorText("'" + ShortSql(sql) + "' failed"));
  // Drain every result of the statement so the session is ready again.
  do {
    if (MYSQL_RES* res = mysql_store_result(mysql_)) mysql_free_result(res);
  } while (mysql_next_result(mysql_) == 0);
  if (mysql_errno(mysql_) != 0) throw Error(ErrorText("'" + ShortSql(sql) + "' failed"));
}

MysqlRows MysqlConnection::Query(const std::string& sql, std::vector<std::string>* names) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0)
    throw Error(ErrorText("'" + ShortSql(sql) + "' failed"));
  MYSQL_RES* res = mysql_store_result(mysql_);
  if (!res) {
    if (mysql_errno(mysql_) != 0) throw Error(ErrorText("'" + ShortSql(sql) + "' failed"));
    return {};
  }
  MysqlRows rows = ReadAll(res);
  if (names) {
    MYSQL_FIELD* fields = mysql_fetch_fields(res);
    for (unsigned i = 0; i < mysql_num_fields(res); ++i)
      names->emplace_back(fields[i].name, fields[i].name_length);
  }
  mysql_free_result(res);
  return rows;
}

std::string MysqlConnection::Quote(std::string_view text) {
  std::string out(text.size() * 2 + 3, '\0');
  out[0] = '\'';
  unsigned long n = mysql_real_escape_string(mysql_, out.data() + 1, text.data(), text.size());
  out.resize(n + 1);
  out += '\'';
  return out;
}

std::string MysqlConnection::Describe() const {
  return "mysql connection '" + name_ + "' (" + endpoint_ + ")";
}

std::string MysqlConnection::ErrorText(const std::string& what) const {
  std::string msg = mysql_error(mysql_);
  unsigned code = mysql_errno(mysql_);
  if (msg.empty()) msg = "unknown error";
  return Describe() + ": " + what + ": " + msg +
         (code ? " (error " + std::to_string(code) + ")" : "");
}

void MysqlConnection::Abort() {
  my_socket fd = mysql_get_socket(mysql_);
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace strata
