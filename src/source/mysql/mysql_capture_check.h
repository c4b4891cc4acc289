#pragma once
// Checks that a MySQL/MariaDB server and user can serve change data capture
// through the binary log, and says exactly what is missing, one item each
// ("binlog_format is MIXED; set binlog_format=ROW"): log_bin ON,
// binlog_format ROW, binlog_row_image FULL, and the user's REPLICATION SLAVE
// (to read the log) and BINLOG MONITOR / REPLICATION CLIENT (to ask where the
// log ends: SHOW MASTER STATUS, SHOW BINARY LOGS) privileges, global or
// through SUPER. Privileges are read from information_schema.USER_PRIVILEGES
// (the user's own global grants; grants held only through a role are not
// seen). Runs plain queries on a borrowed connection; not thread-safe.

#include <string>
#include <vector>

#include "source/mysql/mysql_connection.h"

namespace strata {

// What stands in the way of capturing; empty when nothing.
std::vector<std::string> MysqlCaptureProblems(MysqlConnection& conn);
// Throws strata::Error "<connection>: change data capture is not possible: a; b".
void RequireMysqlCaptureReady(MysqlConnection& conn);

}  // namespace strata
