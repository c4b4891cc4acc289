#include "source/mysql/mysql_capture_check.h"

#include <set>

#include "core/error.h"

namespace strata {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<std::string> MysqlCaptureProblems(MysqlConnection& conn) {
  MysqlRows r = conn.Query(
      "SELECT @@global.log_bin, @@global.binlog_format, "
      "@@global.binlog_row_image, CURRENT_USER()");
  auto text = [&](size_t i) { return r.empty() || !r[0][i] ? std::string() : Upper(*r[0][i]); };
  std::vector<std::string> out;
  if (text(0) != "1" && text(0) != "ON")
    out.push_back("log_bin is OFF; start the server with --log-bin");
  if (text(1) != "ROW") out.push_back("binlog_format is " + text(1) + "; set binlog_format=ROW");
  if (text(2) != "FULL")
    out.push_back("binlog_row_image is " + text(2) + "; set binlog_row_image=FULL");
  std::set<std::string> granted;
  for (auto& row : conn.Query("SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES"))
    if (!row.empty() && row[0]) granted.insert(Upper(*row[0]));
  std::string user = r.empty() || !r[0][3] ? "the user" : *r[0][3];
  std::string to = " ON *.* TO " + user;
  bool super = granted.count("SUPER") > 0;
  if (!super && !granted.count("REPLICATION SLAVE"))
    out.push_back(user + " lacks REPLICATION SLAVE; GRANT REPLICATION SLAVE" + to);
  if (!super && !granted.count("BINLOG MONITOR") && !granted.count("REPLICATION CLIENT"))
    out.push_back(user + " lacks BINLOG MONITOR (REPLICATION CLIENT); GRANT BINLOG MONITOR" + to);
  return out;
}

void RequireMysqlCaptureReady(MysqlConnection& conn) {
  std::vector<std::string> problems = MysqlCaptureProblems(conn);
  if (problems.empty()) return;
  std::string message = conn.Describe() + ": change data capture is not possible: ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  throw Error(message);
}

}  // namespace strata
