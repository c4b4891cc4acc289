#pragma once
// PgChangeStream is PostgreSQL's ChangeStream: logical replication of one
// table through the built-in `pgoutput` plugin (protocol version 1, values in
// text) over a libpq replication connection (`replication=database`), with
// a publication and a slot named by MakePgCaptureNames.
//
// First run: CreateSlot() creates the publication (FOR TABLE, if missing)
// and then the slot with an exported snapshot; the returned position is
// exactly where the stream starts after that snapshot, and the snapshot name
// may be imported (SET TRANSACTION SNAPSHOT) by other connections until
// Start() is called. Each read: Start(from, stop) checks that the slot still
// exists and has not moved past `from` (else a new snapshot is needed), takes
// "committed now" (the server's WAL insert position), and streams from `from`;
// Next() delivers row changes of whole transactions committed before that
// point (and before stop's commit time bound); Continue(stop) reads on to
// what is committed by then on the same connection (the walsender keeps its
// place; a new connection would decode the WAL again from the slot's restart
// point, which moves only every ~15 s). Event positions are the
// transactions' commit LSNs; CompletedPosition() is the end of the last
// delivered commit, the LSN the next read starts at. Acknowledge(lsn) sends a
// standby status update with that LSN as flushed, so the server may recycle
// WAL before it; nothing else ever confirms a position.
//
// An update that changes the value of a key column (the replica identity
// index's, else the primary key's) is delivered as a delete of the old row
// then an insert of the new one, from the same message: with the default
// identity the server sends the old key only when the key changed (the
// delete is key_only); with REPLICA IDENTITY FULL it sends the whole old
// row, whose key columns' text is compared with the new row's. A FULL
// table without a primary key has no key change.
//
// TRUNCATE of the table, or a Relation message whose columns differ from the
// table's columns when the read started, throws strata::Error naming the
// table (a new snapshot is then needed). Owns two connections: the
// replication connection and a normal one for the catalog, checks and value
// rendering. One thread at a time.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/change_stream.h"
#include "source/postgres/pg_change_row.h"
#include "source/postgres/pg_connection.h"
#include "source/postgres/pgoutput_decoder.h"

namespace strata {

struct PgCaptureSpec {
  std::string table;        // as a ReadSpec names it: "name" or "schema.name"
  std::string slot;         // from MakePgCaptureNames
  std::string publication;  // likewise
};

// What CreateSlot made: where the stream starts, and the snapshot that shows
// the table exactly at that position.
struct PgSlotSnapshot {
  ChangePosition start;
  std::string snapshot_name;
};

class PgChangeStream : public ChangeStream {
 public:
  // Connects both connections and checks the server's settings and the
  // role's privileges (RequirePgCaptureReady). Throws strata::Error.
  PgChangeStream(const ConnectionConfig& config, PgCaptureSpec spec);
  ~PgChangeStream() override;

  // Creates the publication if missing, then the slot. Throws if the slot
  // exists already.
  PgSlotSnapshot CreateSlot();
  // Drops the slot if it exists (e.g. to take a new snapshot).
  void DropSlot();

  void Start(const ChangePosition& from, const ChangeStop& stop) override;
  bool Continue(const ChangeStop& stop) override;
  bool Next(ChangeEvent& event, ValueSink& sink) override;
  ChangePosition CompletedPosition() const override { return completed_; }
  void Acknowledge(const ChangePosition& position) override;
  std::string CurrentRowJson() override;
  // "Committed now": the WAL insert position (a commit's record is inserted
  // before it returns, even with synchronous_commit off), moved back over a
  // page header as Start's target is.
  ChangePosition LogEnd() override;

  // The position the read ends at ("committed now" when Start ran).
  const ChangePosition& target() const { return target_; }

 private:
  void ResolveTable();
  void EnsurePublication();
  void CheckSlot(const ChangePosition& from);
  // Sets target_ to what is committed now, and flushes the WAL up to it.
  void TakeTarget();
  // Reads the next CopyData frame into frame_; false once the server ended the stream.
  bool ReadFrame();
  // Blocks until the replication socket has something to read.
  void WaitReadable();
  void SendStatus();
  bool NextChange(ChangeEvent& event, ValueSink& sink);
  // Handles one pgoutput message; true when it is a row change to deliver.
  bool Handle(const PgOutputMessage& m, ChangeEvent& event);
  // Whether update `m` moved its row to another key.
  bool KeyChanged(const PgOutputMessage& m) const;
  // Sends current_'s old row (a delete) or new row to `sink`.
  void DeliverRow(bool old_row, ValueSink& sink);
  void CheckRelation(const PgOutputMessage& m) const;
  std::string Context() const;

  ConnectionConfig config_;
  PgCaptureSpec spec_;
  std::unique_ptr<PgConnection> sql_;          // catalog, checks, rendering
  std::unique_ptr<PgConnection> replication_;  // the walsender session
  std::string table_sql_;                      // "\"public\".\"t\""
  std::string table_name_;                     // public.t
  uint32_t table_oid_ = 0;
  std::unique_ptr<PgChangeRow> row_;
  std::vector<size_t> key_;  // the identity key's columns (IdentityKey), by table position
  ChangeStop stop_;
  ChangePosition target_;
  ChangePosition completed_;
  uint64_t received_ = 0;      // the WAL end the server last reported
  uint64_t acknowledged_ = 0;  // what the caller acknowledged
  bool streaming_ = false;
  bool stopped_ = false;
  bool in_transaction_ = false;
  ChangeEvent transaction_;      // the open transaction's commit time and position
  std::string frame_;            // the current CopyData frame
  PgOutputMessage current_;      // its message, viewing frame_
  bool insert_pending_ = false;  // current_ is a key update whose delete was delivered
  bool begin_held_ = false;      // current_ is a Begin past the stop, for Continue
  bool delivered_old_ = false;   // the last row delivered was current_'s old row
};

}  // namespace strata
