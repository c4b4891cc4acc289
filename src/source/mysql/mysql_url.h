#pragma once
// MysqlUrl: what a `mysql://` or `mariadb://` connection URL says, parsed into
// plain fields. Promises: a URL is accepted only if every part is understood
// (an unknown query parameter or ssl-mode is an error naming it), and no
// error ever repeats a password, even one wrongly placed in the URL.
// Value type; pure functions; thread-safe.
//
//   mysql://user@host[:port][/database][?param=value&...]
//   params: ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY,
//           ssl-ca=PATH, ssl-cert=PATH, ssl-key=PATH, connect-timeout=SECONDS,
//           snapshot-lock-timeout=SECONDS (0: never FLUSH TABLES WITH READ LOCK)
// user, database and parameter values may be percent-encoded; an IPv6 host
// is written in brackets ([::1]:3306).

#include <string>
#include <string_view>

namespace strata {

enum class MysqlSslMode {
  kDefault,         // not given: TLS only if ssl-ca/ssl-cert/ssl-key are given
  kDisabled,        // never TLS
  kPreferred,       // same as kDefault (Connector/C 3.3 has no opportunistic TLS)
  kRequired,        // TLS, server certificate not checked
  kVerifyCa,        // TLS, certificate chain and host name checked (see docs)
  kVerifyIdentity,  // TLS, certificate chain and host name checked
};

struct MysqlUrl {
  std::string user;
  std::string host;
  unsigned port = 3306;
  std::string database;  // may be empty: tables must then be written db.table
  MysqlSslMode ssl_mode = MysqlSslMode::kDefault;
  std::string ssl_ca;
  std::string ssl_cert;
  std::string ssl_key;
  unsigned connect_timeout_seconds = 10;
  // How long FLUSH TABLES WITH READ LOCK may wait (writes wait meanwhile);
  // 0 skips the lock and goes straight to the binlog-position check.
  unsigned snapshot_lock_timeout_seconds = 5;

  // "host:port" ("[::1]:3306" for IPv6), as every error names the server.
  std::string Endpoint() const;
};

// Parses `url`; throws strata::Error "connection '<name>': …" on anything it
// does not understand.
MysqlUrl ParseMysqlUrl(std::string_view url, std::string_view connection_name);

}  // namespace strata
