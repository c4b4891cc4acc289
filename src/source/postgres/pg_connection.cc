#include "source/postgres/pg_connection.h"

#include "core/error.h"

namespace strata {
namespace {

// Settings every strata session runs with, whatever the server's defaults:
// text renderings (intervals, timestamps inside arrays and JSON, floats) are
// then the same on every server.
constexpr const char* kSessionSetup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; "
    "SET extra_float_digits = 3; SET standard_conforming_strings = on";

// "host:port" as libpq resolved them; "" if it could not even parse the URL.
std::string Endpoint(PGconn* conn) {
  const char* host = conn ? PQhost(conn) : nullptr;
  const char* port = conn ? PQport(conn) : nullptr;
  if (!host || !*host) return "";
  return std::string(host) + ":" + (port && *port ? port : "5432");
}

}  // namespace

PgConnection::PgConnection(const ConnectionConfig& config, Mode mode)
    : name_(config.name), password_(config.password) {
  // Keywords before dbname are defaults the URL may override; those after it
  // win over the URL.
  std::vector<const char*> keys = {
      "connect_timeout",           "keepalives_idle", "keepalives_interval", "keepalives_count",
      "fallback_application_name", "dbname",          "client_encoding"};
  std::vector<const char*> values = {"30", "60", "10", "6", "strata", config.url.c_str(), "UTF8"};
  if (mode == Mode::kReplication) {
    keys.push_back("replication");
    values.push_back("database");
  }
  if (!config.password.empty()) {
    keys.push_back("password");
    values.push_back(config.password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_.reset(PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1));
  where_ = Endpoint(conn_.get());
  if (!conn_) throw Error("connection '" + name_ + "': out of memory opening a libpq connection");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    std::string message = Clean(PQerrorMessage(conn_.get()));
    throw Error(label() + ": cannot connect: " + message);
  }
  Exec(kSessionSetup, "setting up the session");
}

std::string PgConnection::Clean(std::string message) const {
  // One line: continuation lines (indented) join with a space, others with "; ".
  std::string out;
  bool space = false;
  for (size_t i = 0; i < message.size(); ++i) {
    char c = message[i];
    if (c == '\n') {
      bool continuation =
          i + 1 < message.size() && (message[i + 1] == '\t' || message[i + 1] == ' ');
      if (!out.empty() && i + 1 < message.size()) out += continuation ? " " : "; ";
      space = true;
    } else if (c == ' ' || c == '\t') {
      if (!space && !out.empty()) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  if (out.empty()) out = "unknown error";
  // A server never echoes the password; this guards against one that does.
  if (password_.size() >= 4)
    for (size_t at; (at = out.find(password_)) != std::string::npos;)
      out.replace(at, password_.size(), "***");
  return out;
}

void PgConnection::Fail(const std::string& context, const PGresult* result) const {
  const char* text = result ? PQresultErrorMessage(result) : nullptr;
  std::string message = Clean(text && *text ? text : PQerrorMessage(conn_.get()));
  throw Error(label() + ": " + (context.empty() ? "" : context + ": ") + message);
}

PgResult PgConnection::TryExec(const std::string& sql) {
  return PgResult(PQexec(conn_.get(), sql.c_str()));
}

PgResult PgConnection::Exec(const std::string& sql, const std::string& context) {
  PgResult r = TryExec(sql);
  if (r.status() != PGRES_COMMAND_OK && r.status() != PGRES_TUPLES_OK) Fail(context, r.get());
  return r;
}

PgResult PgConnection::ExecParams(const std::string& sql, const std::vector<std::string>& params,
                                  const std::string& context) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PgResult r(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0));
  if (r.status() != PGRES_COMMAND_OK && r.status() != PGRES_TUPLES_OK) Fail(context, r.get());
  return r;
}

PgResult PgConnection::DescribeQuery(const std::string& sql, const std::string& context) {
  PgResult prepared(PQprepare(conn_.get(), "", sql.c_str(), 0, nullptr));
  if (prepared.status() != PGRES_COMMAND_OK) Fail(context, prepared.get());
  PgResult described(PQdescribePrepared(conn_.get(), ""));
  if (described.status() != PGRES_COMMAND_OK) Fail(context, described.get());
  return described;
}

void PgConnection::StartCopyOut(const std::string& sql, const std::string& context) {
  PgResult r = TryExec(sql);
  if (r.status() != PGRES_COPY_OUT) Fail(context, r.get());
}

int PgConnection::GetCopyData(char** buffer, const std::string& context) {
  int n = PQgetCopyData(conn_.get(), buffer, /*async=*/0);
  if (n >= 0) return n;
  if (n == -2) Fail(context);  // the connection broke: libpq has the reason
  // The COPY ended; its final result says whether it succeeded.
  PgResult last(PQgetResult(conn_.get()));
  if (last.status() != PGRES_COMMAND_OK) Fail(context, last.get());
  while (PgResult(PQgetResult(conn_.get())).get() != nullptr) {
  }
  return -1;
}

bool PgConnection::IdleInTransaction() const {
  return PQstatus(conn_.get()) == CONNECTION_OK &&
         PQtransactionStatus(conn_.get()) == PQTRANS_INTRANS;
}

}  // namespace strata
