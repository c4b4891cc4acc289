#pragma once
// ChangeStream is the change-data-capture half of a source, beside
// SplitReader: it delivers the row changes of one table, in commit order, from
// a position up to a stop condition. Each change is an op (I/U/D), the commit
// time of its transaction (UTC microseconds since 1970-01-01, as precise as
// the server records it), the position of its transaction's commit, and the
// row's values through the same ValueSink the snapshot readers use, column by
// column in the table's column order, converted exactly as a snapshot read
// converts them (so sync/'s RowConverter treats both alike).
//
// Inserts and updates carry the new row. A delete carries the old row where
// the server logs it (PostgreSQL: REPLICA IDENTITY FULL), else only the key
// columns, the others delivered as NULL with `key_only` set.
//
// An update that changes the value of any column of the table's key (its
// primary key; PostgreSQL: its replica identity) is delivered as two events
// of the same transaction, position and time: a kDelete of the old row
// (key_only when the server logs only the old key), then a kInsert of the
// new row. A merge that keeps the last change of each key thus removes the
// old key. A table without a key has no key change: its updates stay kUpdate.
//
// Exactly once needs this from the caller: store a transaction's rows and
// CompletedPosition() in one commit of its own, then Acknowledge() that
// position; a later read starts from the stored position, never from what
// the server remembers. The stream hands out a transaction's rows before it
// has seen the transaction's end: rows after CompletedPosition() are pending,
// and if Next throws they must be discarded (a new read delivers them again).
//
// Failures (server gone, position no longer available, missing privilege or
// setting, a schema that changed under the stream) throw strata::Error with
// one line naming the connection and table. A stream owns its connection(s)
// and is used by one thread at a time.

#include <cstdint>
#include <optional>
#include <string>

#include "source/source.h"

namespace strata {

// A place in the source's change log. `value` orders positions of one source
// (PostgreSQL: the LSN as an integer); `text` is how the database writes it
// ("0/16B3748"), for messages and for storing.
struct ChangePosition {
  uint64_t value = 0;
  std::string text;
  friend bool operator==(const ChangePosition& a, const ChangePosition& b) {
    return a.value == b.value;
  }
  friend auto operator<=>(const ChangePosition& a, const ChangePosition& b) {
    return a.value <=> b.value;
  }
};

enum class ChangeOp : char { kInsert = 'I', kUpdate = 'U', kDelete = 'D' };

// One row change; its values went to the ValueSink given to Next.
struct ChangeEvent {
  ChangeOp op = ChangeOp::kInsert;
  int64_t commit_micros = 0;  // the transaction's commit time, UTC, since 1970-01-01
  ChangePosition position;    // the transaction's commit (shared by its rows)
  bool key_only = false;      // a delete without the old row: non-key columns are NULL
};

// Where a read ends. It always ends at what was committed when the read
// started (the server's WAL position then); a commit time bound ends it
// earlier: transactions committed at or after `commit_before_micros` are left
// for the next read.
struct ChangeStop {
  std::optional<int64_t> commit_before_micros;
};

class ChangeStream {
 public:
  virtual ~ChangeStream() = default;

  // Starts reading after `from` (a position CompletedPosition() returned
  // earlier, or where the table's snapshot was taken) up to `stop`. Once.
  virtual void Start(const ChangePosition& from, const ChangeStop& stop) = 0;
  // Delivers the next row change: fills `event`, sends the row's values to
  // `sink` and returns true; returns false once the stop is reached.
  virtual bool Next(ChangeEvent& event, ValueSink& sink) = 0;
  // The position after the last transaction delivered whole (or the start
  // position): where the next read starts.
  virtual ChangePosition CompletedPosition() const = 0;
  // After Next returned false: reads on, on the same connection, to what is
  // committed now and to `stop` (as a new Start from CompletedPosition()
  // would, without the server re-reading its log from the slot's restart
  // point). Returns false when this stream cannot (the default): the caller
  // opens a new one.
  virtual bool Continue(const ChangeStop& /*stop*/) { return false; }
  // Tells the server that everything up to `position` is stored for good and
  // may be discarded. Call only after the caller's commit.
  virtual void Acknowledge(const ChangePosition& position) = 0;
  // The end of the server's log now (what is committed), for a lag: a read
  // started now would end there. Usable before or after Start.
  virtual ChangePosition LogEnd() = 0;
  // The row of the event Next delivered last (a key update's delete: the old
  // row) as a JSON object of column -> text, for dirty-data records.
  virtual std::string CurrentRowJson() = 0;
};

}  // namespace strata
