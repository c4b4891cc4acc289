#pragma once
// PgConnection owns one libpq connection to a PostgreSQL server, opened from
// a postgres:// URL or a key=value string (PQconnectdbParams with
// expand_dbname) and the password strata read from password_env /
// password_file, passed as the `password` keyword so it never sits in a URL.
// Every session is set up the same way: client_encoding UTF8, TimeZone UTC,
// DateStyle ISO, IntervalStyle iso_8601, extra_float_digits 3.
//
// Failures throw strata::Error with one line naming the connection, the
// server's host:port and the server's message; the password is never part of
// it. A connection is used by one thread at a time; the destructor closes it.
// A replication connection (kReplication: `replication=database`) speaks the
// walsender protocol for change data capture; it runs the same session setup.

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "source/postgres/pg_result.h"
#include "source/source.h"

namespace strata {

class PgConnection {
 public:
  enum class Mode { kNormal, kReplication };
  explicit PgConnection(const ConnectionConfig& config, Mode mode = Mode::kNormal);
  ~PgConnection() = default;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // "127.0.0.1:5432" (or the socket folder and port) for messages; "" if
  // the URL could not be parsed.
  const std::string& where() const { return where_; }
  // "connection 'pg' (postgres at 127.0.0.1:5432)", the start of every message.
  std::string label() const {
    return "connection '" + name_ + "' (postgres" + (where_.empty() ? "" : " at " + where_) + ")";
  }
  // The database connected to.
  std::string database() const { return PQdb(conn_.get()); }

  // Runs `sql` (several statements allowed); throws on any error.
  PgResult Exec(const std::string& sql, const std::string& context = "");
  // Runs one statement with text parameters $1, $2, ...; throws on error.
  PgResult ExecParams(const std::string& sql, const std::vector<std::string>& params,
                      const std::string& context = "");
  // Runs `sql` and returns the result whatever happened (status, SqlState).
  PgResult TryExec(const std::string& sql);
  // Prepares `sql` unnamed and returns its description (columns, types).
  PgResult DescribeQuery(const std::string& sql, const std::string& context);

  // Starts `sql`, which must be COPY ... TO STDOUT.
  void StartCopyOut(const std::string& sql, const std::string& context);
  // The next chunk of COPY data (free it with PQfreemem) and its length, or
  // -1 once the COPY finished successfully. Throws if the server reports an
  // error or the connection breaks.
  int GetCopyData(char** buffer, const std::string& context);

  // True when the connection is usable and idle inside a transaction block,
  // i.e. it can serve another COPY in the same snapshot.
  bool IdleInTransaction() const;

  // The libpq connection, for the replication protocol's CopyBoth calls.
  PGconn* raw() const { return conn_.get(); }

  // Throws strata::Error: "<connection> (postgres at host:port): context: message".
  [[noreturn]] void Fail(const std::string& context, const PGresult* result = nullptr) const;

 private:
  std::string Clean(std::string message) const;

  std::string name_;
  std::string password_;  // only to scrub it from messages, should a server echo it
  std::string where_;
  // Closed by PQfinish however the object ends, a throwing constructor included.
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_{nullptr, &PQfinish};
};

}  // namespace strata
