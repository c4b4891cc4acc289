#pragma once
// Positions in a MySQL/MariaDB binary log as ChangePositions. A position is
// a binlog file and a byte offset in it ("binlog.000003:1234"); its `value`
// orders positions of one server: the file's sequence number (the digits
// after the last '.') in the high 32 bits, the offset in the low 32 (binlog
// files are at most 1 GiB, max_binlog_size). On MariaDB it also carries the
// GTID position at that point and the server's id
// ("binlog.000003:1234 gtid=0-1-57,1-2-8 server=1",
// mariadb_gtid_state.h), which names the same place on every server of the
// replication topology; file:offset alone is still a valid position (MySQL,
// and positions stored before GTIDs were kept). Pure functions, except those
// that ask a connection; those use it from the calling thread.

#include <cstdint>
#include <optional>
#include <string>

#include "source/change_stream.h"
#include "source/mysql/mysql_connection.h"

namespace strata {

struct MysqlBinlogPosition {
  std::string file;  // "binlog.000003"
  uint32_t offset = 0;
  std::string gtid;  // "0-1-57,1-2-8", or "" when the position has none
  // The server_id of the server whose binlog `file` is (0: not recorded).
  // A read on that same server starts by file:offset, which is cheap; on any
  // other (a failover) by the GTID position, which makes the server scan
  // its binlog file from the start.
  uint32_t server_id = 0;
};

// The ChangePosition of `file`:`offset` (with `gtid`, a MariadbGtidState's
// text, when not empty); throws Error for a file name that does not end in
// a sequence number.
ChangePosition MysqlChangePosition(const std::string& file, uint64_t offset,
                                   const std::string& gtid = "", uint32_t server_id = 0);
// Parses a ChangePosition's text ("binlog.000003:1234", optionally followed
// by " gtid=<GTID position>", then by " server=<server_id>"); throws Error
// naming the text when it is not one.
MysqlBinlogPosition ParseMysqlPosition(const std::string& text);
// The MariaDB GTID position at `file`:`offset` of the connection's server
// (BINLOG_GTID_POS), "" when there is none: MySQL, no GTID written yet, or
// a place that is not an event's start.
std::string MariadbGtidAt(MysqlConnection& conn, const std::string& file, uint64_t offset);

// The binlog position the connection's open consistent-snapshot transaction
// shows the database at (MariaDB's binlog_snapshot_file/position), or nullopt
// when the server does not say (binary log off, or MySQL).
std::optional<ChangePosition> MysqlSnapshotPosition(MysqlConnection& conn);
// The end of the binary log now (SHOW MASTER STATUS): what is committed.
ChangePosition MysqlLogEnd(MysqlConnection& conn);

}  // namespace strata
