#pragma once
// Pure functions for PostgreSQL's streaming replication wire format as a
// logical replication client sees it: the CopyData frames of a walsender
// ('w' XLogData, 'k' primary keepalive), the standby status update strata
// sends back ('r'), LSN text, and the messages of the built-in `pgoutput`
// plugin, protocol version 1 (Begin, Commit, Origin, Relation, Type, Insert,
// Update, Delete, Truncate, Message). Decoded messages hold string_views into
// the bytes they were decoded from: keep those alive while using them.
// Malformed or truncated input throws strata::Error saying what was wrong and
// where; nothing reads past the end of the input. No state; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// "16/B374D848" (PostgreSQL's %X/%X).
std::string PgLsnText(uint64_t lsn);
// Parses "16/B374D848"; nullopt unless it is two hex numbers of 1..8 digits.
std::optional<uint64_t> ParsePgLsn(std::string_view text);

// Microseconds since 2000-01-01 (PostgreSQL's epoch) to since 1970-01-01.
int64_t PgEpochToUnixMicros(int64_t pg_micros);

// One CopyData frame from the walsender.
struct PgReplicationFrame {
  char kind = 0;                 // 'w' XLogData or 'k' keepalive
  uint64_t wal_start = 0;        // 'w': where the data starts
  uint64_t wal_end = 0;          // the server's WAL end when it sent the frame
  bool reply_requested = false;  // 'k': the server asks for a status update now
  std::string_view data;         // 'w': the pgoutput message
};
PgReplicationFrame DecodeReplicationFrame(std::string_view bytes);

// The standby status update: received up to `written`, flushed and applied
// up to `flushed` (the caller's acknowledged position), at `now_pg_micros`.
std::string EncodeStandbyStatus(uint64_t written, uint64_t flushed, int64_t now_pg_micros);

// One column value of a tuple: 'n' NULL, 'u' unchanged TOASTed value (not
// sent), 't' text, 'b' binary.
struct PgTupleValue {
  char kind = 'n';
  std::string_view bytes;
};
using PgTuple = std::vector<PgTupleValue>;

struct PgRelationColumn {
  bool key = false;  // part of the replica identity
  std::string_view name;
  uint32_t type_oid = 0;
  int32_t typmod = -1;
};

struct PgOutputMessage {
  char kind = 0;              // 'B' 'C' 'O' 'R' 'Y' 'I' 'U' 'D' 'T' 'M'
  uint64_t lsn = 0;           // B: final LSN; C: commit LSN; O: origin LSN; M: message LSN
  uint64_t end_lsn = 0;       // C: the end of the commit record
  int64_t commit_time = 0;    // B, C: microseconds since 2000-01-01
  uint32_t xid = 0;           // B
  uint32_t oid = 0;           // R, Y, I, U, D: the relation (or type)
  std::string_view schema;    // R, Y
  std::string_view name;      // R, Y; O: origin name; M: prefix
  char replica_identity = 0;  // R: d(efault), n(othing), f(ull), i(ndex)
  std::vector<PgRelationColumn> columns;  // R
  char old_kind = 0;                      // U, D: 'K' key columns, 'O' whole old row; 0 none
  PgTuple old_tuple;                      // U, D
  PgTuple new_tuple;                      // I, U
  std::vector<uint32_t> truncated;        // T: the relations
  uint8_t truncate_options = 0;           // T: 1 CASCADE, 2 RESTART IDENTITY
  std::string_view content;               // M
};

PgOutputMessage DecodePgOutput(std::string_view bytes);

}  // namespace strata
