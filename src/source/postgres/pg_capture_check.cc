#include "source/postgres/pg_capture_check.h"

#include "core/error.h"

namespace strata {
namespace {

constexpr const char* kSettings =
    "SELECT current_setting('wal_level'), current_setting('max_replication_slots')::int, "
    "  current_setting('max_wal_senders')::int, "
    "  (SELECT count(*) FROM pg_replication_slots), "
    "  EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1), "
    "  (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user), "
    "  current_user, "
    "  has_function_privilege('pg_catalog.pg_logical_emit_message(boolean, text, text)', "
    "    'EXECUTE')";

}  // namespace

std::vector<std::string> PgCaptureProblems(PgConnection& conn, const std::string& slot) {
  PgResult r = conn.ExecParams(kSettings, {slot}, "checking the replication settings");
  std::vector<std::string> out;
  std::string wal_level = r.Text(0, 0);
  if (wal_level != "logical")
    out.push_back("wal_level is " + wal_level + "; set wal_level=logical and restart the server");
  int max_slots = std::stoi(r.Text(0, 1));
  int used = std::stoi(r.Text(0, 3));
  bool exists = r.Text(0, 4) == "t";
  if (max_slots == 0)
    out.push_back("max_replication_slots is 0; set it to at least 1 and restart the server");
  else if (!exists && used >= max_slots)
    out.push_back("all " + std::to_string(max_slots) +
                  " replication slots are in use (max_replication_slots); raise it or drop an "
                  "unused slot");
  if (std::stoi(r.Text(0, 2)) == 0)
    out.push_back("max_wal_senders is 0; set it to at least 1 and restart the server");
  if (r.Text(0, 5) != "t")
    out.push_back("role " + r.Text(0, 6) +
                  " has neither the REPLICATION attribute nor superuser; ALTER ROLE " +
                  r.Text(0, 6) + " REPLICATION");
  // Each read commits one logical message to flush the WAL up to its target
  // (PgChangeStream::TakeTarget).
  if (r.Text(0, 7) != "t")
    out.push_back("role " + r.Text(0, 6) +
                  " may not execute pg_logical_emit_message (each read flushes the log with "
                  "it); GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) "
                  "TO " +
                  r.Text(0, 6));
  return out;
}

void RequirePgCaptureReady(PgConnection& conn, const std::string& slot) {
  std::vector<std::string> problems = PgCaptureProblems(conn, slot);
  if (problems.empty()) return;
  std::string message = conn.label() + ": change data capture is not possible: ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  throw Error(message);
}

}  // namespace strata
