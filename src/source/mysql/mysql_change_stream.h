#pragma once
// MysqlChangeStream is MySQL/MariaDB's ChangeStream: the row changes of one
// table read from the binary log (ROW format, binlog_row_image=FULL) through
// Connector/C's replication API (mariadb_rpl.h), as a replica would, over a
// connection of its own that asks for the log from a file/offset position
// (COM_BINLOG_DUMP with BINLOG_DUMP_NON_BLOCK: the server ends the dump at
// the end of its log instead of waiting).
//
// Positions are binlog file:offset, on MariaDB with the GTID position there
// (mysql_binlog_position.h). A first run reads the table in a MysqlSnapshot
// and starts the stream at the snapshot's binlog_position() plus
// WithGtid(). Start(from, stop) starts the dump by `from`'s GTID position
// when it has one and another server wrote it (its server=; so `from` may be another server's of
// the topology: a replica after failover; a GTID this server's binlog lacks fails with "a new
// snapshot is needed"), else by file:offset, checking that the file is still on the server (else:
// purged, a new snapshot is needed); every position it hands out then carries the GTID position of
// the last transaction completed (MySQL: none; COM_BINLOG_DUMP_GTID is not used). It takes
// "committed now" (SHOW MASTER STATUS); Next() delivers the rows of whole transactions that
// committed at or before it (and before stop's commit time bound). A transaction's rows of the
// table are held in memory until its commit event, then delivered with the commit's position (the
// end of its XID or COMMIT event) and time (the commit event's header
// timestamp: whole seconds, as the binlog records it). Deletes carry the old
// row (FULL image), updates the new one. An update that changes a primary
// key column's value (decoded values compared exactly) becomes a delete of
// the old row then an insert of the new one; a table without a primary key
// has no key change, its updates stay updates. A read restricted to some
// columns must include the primary key's (MysqlCaptureTable refuses it).
//
// A logged statement that names the table (ALTER, DROP, RENAME, TRUNCATE, or
// a change logged as a statement) throws strata::Error naming the table, the
// position and the statement; so does a table map whose column count
// differs from the table's. Acknowledge() does nothing: the server keeps its
// binlog files for expire_logs_days / binlog_expire_logs_seconds whatever
// a reader has read.
//
// The dump connection registers no replica; it identifies itself with
// server_id 2^31 + (its CONNECTION_ID() mod 2^31), unique among the server's
// live connections and, in practice, apart from real replicas' ids.
// Owns two connections (queries, dump); one thread at a time.

// clang-format off
#include <mysql.h>  // before mariadb_rpl.h, which needs its types
#include <mariadb_rpl.h>
// clang-format on

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/change_stream.h"
#include "source/mysql/mariadb_gtid_state.h"
#include "source/mysql/mysql_binlog_position.h"
#include "source/mysql/mysql_capture_table.h"
#include "source/mysql/mysql_connection.h"
#include "source/mysql/mysql_url.h"

namespace strata {

class MysqlChangeStream : public ChangeStream {
 public:
  // Connects, checks settings and privileges (RequireMysqlCaptureReady) and
  // describes spec.table (spec.columns, spec.zero_date_as_null as a snapshot
  // read takes them). Throws strata::Error.
  MysqlChangeStream(const ConnectionConfig& config, const ReadSpec& spec);
  ~MysqlChangeStream() override;

  // The end of the binlog now: a stream started here sees what commits next.
  ChangePosition LogEnd() override;
  // `at` (a position of this server) with the GTID position there, when the
  // server is MariaDB and has written GTIDs (BINLOG_GTID_POS).
  ChangePosition WithGtid(const ChangePosition& at);

  void Start(const ChangePosition& from, const ChangeStop& stop) override;
  bool Next(ChangeEvent& event, ValueSink& sink) override;
  ChangePosition CompletedPosition() const override { return completed_; }
  void Acknowledge(const ChangePosition&) override {}
  std::string CurrentRowJson() override;

  // The position the read ends at ("committed now" when Start ran).
  const ChangePosition& target() const { return target_; }

 private:
  struct Change {
    ChangeEvent event;
    MysqlLoggedRow row;
  };
  // `file`:`offset` with the GTID position of the last transaction completed.
  ChangePosition At(const std::string& file, uint64_t offset) const;
  // Whether `file` is on the server; when `required`, throws (purged) if not.
  bool CheckFileAvailable(const std::string& file, bool required = true);
  void StartByGtid(const MysqlBinlogPosition& p, const std::string& from_text);
  // From `file`:`offset`, or by gtid_ ("" and 4) while not located_.
  void OpenDump(const std::string& file, uint32_t offset);
  void Locate();
  void RequireLocated(const MARIADB_RPL_EVENT& ev) const;
  void RecordGtid();
  // Reads events until a transaction's rows are ready or the read ends.
  void ReadUntilReady();
  void Handle(const MARIADB_RPL_EVENT& ev);
  void HandleQuery(const MARIADB_RPL_EVENT& ev);
  void HandleRows(const MARIADB_RPL_EVENT& ev);
  bool KeyChanged(const MysqlLoggedRow& before, const MysqlLoggedRow& after) const;
  void Commit(const MARIADB_RPL_EVENT& ev);
  void PassBetweenTransactions(const MARIADB_RPL_EVENT& ev);
  struct RotateTarget {
    std::string file;
    uint64_t offset = 0;
  };
  RotateTarget ParseRotate(const MARIADB_RPL_EVENT& ev) const;
  void RequireNoPending(const std::string& what);
  [[noreturn]] void FailRead();
  std::string Context() const;

  ConnectionConfig config_;
  MysqlUrl url_;
  bool zero_date_as_null_ = false;
  std::unique_ptr<MysqlConnection> sql_;
  std::unique_ptr<MysqlConnection> dump_;
  std::unique_ptr<MysqlCaptureTable> table_;
  MARIADB_RPL* rpl_ = nullptr;
  MARIADB_RPL_EVENT* ev_ = nullptr;
  ChangeStop stop_;
  ChangePosition target_;
  ChangePosition completed_;
  ChangePosition ready_end_;    // the commit of the rows in ready_
  bool checksums_ = false;      // the dump's events end in a CRC32
  uint64_t rotate_offset_ = 0;  // where the last ROTATE event points in file_
  std::string file_;            // the binlog file being read
  uint64_t table_id_ = 0;       // the table map id of our table in this file
  bool mapped_ = false;
  std::vector<MysqlLoggedColumn> columns_;
  MariadbGtidState gtid_;                  // after the last transaction completed
  std::optional<MARIADB_GTID> open_gtid_;  // the open transaction's GTID
  bool located_ = true;                    // file_ is this server's (see StartByGtid)
  uint32_t server_id_ = 0;                 // this server's @@server_id
  bool started_ = false;
  bool stopped_ = false;
  bool bounded_ = false;  // stopped by the commit time bound, short of the target
  bool in_transaction_ = false;
  bool standalone_ = false;      // a GTID event said: no COMMIT follows (DDL)
  std::vector<Change> pending_;  // rows of the open transaction
  std::deque<Change> ready_;     // rows of a committed transaction, to deliver
  MysqlLoggedRow current_;       // the last delivered row
};

}  // namespace strata
