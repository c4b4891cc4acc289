#include "source/postgres/pg_change_stream.h"

#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <thread>

#include "core/error.h"
#include "core/names.h"
#include "source/postgres/pg_capture_check.h"
#include "source/postgres/pg_catalog.h"

namespace strata {
namespace {

// How long ReadFrame naps while the stream flows, and how often before it
// waits on the socket instead. 100 us holds about a dozen single-row
// transactions at the walsender's pace; longer naps were slower
// (docs/capture.md): the tiny messages fill the socket's receive buffer
// and the walsender waits for the reader.
constexpr auto kNap = std::chrono::microseconds(100);
constexpr int kNapsBeforeWaiting = 3;

constexpr int64_t kUnixToPgEpochMicros = 946684800LL * 1000000;

int64_t NowPgMicros() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count() - kUnixToPgEpochMicros;
}

ChangePosition Position(uint64_t lsn) {
  return {lsn, PgLsnText(lsn)};
}

uint64_t Lsn(const std::string& text, const std::string& what) {
  auto lsn = ParsePgLsn(text);
  if (!lsn) throw Error("the server returned '" + text + "' as " + what + ", not an LSN");
  return *lsn;
}

// "committed now": the WAL insert position. A walsender sends only flushed
// WAL, and with synchronous_commit off (or an open transaction's records
// after the last commit) the insert position may stay unflushed for
// seconds: the read then commits a transaction of its own with
// synchronous_commit on, which flushes everything before it. It must write
// a record before its commit (a transactional logical message, which
// pgoutput does not send unless asked): PostgreSQL flushes at commit only a
// transaction that wrote WAL, and a bare xid's commit waited for the WAL
// writer, 120-200 ms of every read. A position just after a WAL page header is
// moved back to the page boundary, because that is where a walsender that
// has read everything reports itself to be.
constexpr const char* kInsertPosition =
    "SELECT pg_current_wal_insert_lsn(), current_setting('wal_block_size')::bigint, "
    "(SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size')";
constexpr uint64_t kShortPageHeader = 24;
constexpr uint64_t kLongPageHeader = 40;

constexpr const char* kSlot =
    "SELECT confirmed_flush_lsn, active_pid FROM pg_replication_slots WHERE slot_name = $1";

constexpr const char* kRelationTypes =
    "SELECT format_type(o, m) FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS u(o, m, n) "
    "ORDER BY n";

}  // namespace

PgChangeStream::PgChangeStream(const ConnectionConfig& config, PgCaptureSpec spec)
    : config_(config), spec_(std::move(spec)) {
  sql_ = std::make_unique<PgConnection>(config_);
  RequirePgCaptureReady(*sql_, spec_.slot);
  ResolveTable();
  replication_ = std::make_unique<PgConnection>(config_, PgConnection::Mode::kReplication);
  // The walsender renders the values it sends with its own session settings.
  replication_->Exec("SET bytea_output = 'hex'", "setting up the replication session");
}

PgChangeStream::~PgChangeStream() = default;

std::string PgChangeStream::Context() const {
  return "capturing changes of table " + table_name_;
}

void PgChangeStream::ResolveTable() {
  QualifiedName name = ParseQualifiedName(spec_.table, "capture table");
  PgCatalog catalog(*sql_);
  auto rel = catalog.FindRelation(QuoteQualifiedName(name));
  if (!rel) throw Error(sql_->label() + ": table " + spec_.table + " does not exist");
  if (rel->relkind != 'r' && rel->relkind != 'p')
    throw Error(sql_->label() + ": " + spec_.table +
                " is not a table; only tables can be captured");
  table_oid_ = rel->oid;
  table_sql_ = QuoteIdentifier(rel->schema) + "." + QuoteIdentifier(rel->name);
  table_name_ = rel->schema + "." + rel->name;
  row_ = std::make_unique<PgChangeRow>(catalog.Columns(rel->oid), *sql_, table_name_);
  for (const std::string& name : catalog.IdentityKey(rel->oid))
    for (size_t i = 0; i < row_->columns().size(); ++i)
      if (row_->columns()[i].name == name) key_.push_back(i);
}

void PgChangeStream::EnsurePublication() {
  PgResult r = sql_->ExecParams(
      "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1), "
      "EXISTS (SELECT 1 FROM pg_publication_rel WHERE prrelid = $2::oid AND prpubid = "
      "(SELECT oid FROM pg_publication WHERE pubname = $1))",
      {spec_.publication, std::to_string(table_oid_)}, "looking up the publication");
  if (r.Text(0, 0) == "t") {
    if (r.Text(0, 1) != "t")
      throw Error(sql_->label() + ": publication " + spec_.publication +
                  " exists but does not publish table " + table_name_ + "; ALTER PUBLICATION " +
                  spec_.publication + " ADD TABLE " + table_sql_);
    return;
  }
  PgResult created = sql_->TryExec("CREATE PUBLICATION " + QuoteIdentifier(spec_.publication) +
                                   " FOR TABLE " + table_sql_);
  if (created.status() != PGRES_COMMAND_OK)
    sql_->Fail("creating publication " + spec_.publication + " for table " + table_name_ +
                   " (needs the table's owner, with CREATE on the database)",
               created.get());
}

PgSlotSnapshot PgChangeStream::CreateSlot() {
  EnsurePublication();
  PgResult r = replication_->Exec("CREATE_REPLICATION_SLOT " + QuoteIdentifier(spec_.slot) +
                                      " LOGICAL pgoutput (SNAPSHOT 'export')",
                                  "creating replication slot " + spec_.slot);
  uint64_t start = Lsn(r.Text(0, 1), "the slot's consistent point");
  completed_ = Position(start);
  return {completed_, r.Text(0, 2)};
}

void PgChangeStream::DropSlot() {
  sql_->ExecParams(
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
      "WHERE slot_name = $1",
      {spec_.slot}, "dropping replication slot " + spec_.slot);
}

// 30 s: longer than serve's rounds are apart when it keeps its streams
// (capture_service.cc), shorter than a walsender's wal_sender_timeout.
constexpr int kSlotWaitAttempts = 600;

void PgChangeStream::CheckSlot(const ChangePosition& from) {
  // A walsender of a read that just ended may still hold the slot for a
  // moment, and serve keeps its stream open between reads: it closes it at
  // the node's next turn once it finds a run holding the node's capture lock.
  for (int attempt = 0;; ++attempt) {
    PgResult r = sql_->ExecParams(kSlot, {spec_.slot}, "looking up replication slot");
    if (r.rows() == 0)
      throw Error(sql_->label() + ": replication slot " + spec_.slot +
                  " does not exist (dropped, or never created): table " + table_name_ +
                  " needs a new snapshot before its changes can be read");
    uint64_t confirmed = r.IsNull(0, 0) ? 0 : Lsn(r.Text(0, 0), "confirmed_flush_lsn");
    if (confirmed > from.value)
      throw Error(sql_->label() + ": replication slot " + spec_.slot + " has confirmed " +
                  r.Text(0, 0) + ", past the stored position " + PgLsnText(from.value) +
                  ": the changes in between are gone; table " + table_name_ +
                  " needs a new snapshot");
    // Our own walsender holds the slot it has just created.
    if (r.IsNull(0, 1) || r.Text(0, 1) == std::to_string(PQbackendPID(replication_->raw()))) return;
    if (attempt == kSlotWaitAttempts)
      throw Error(sql_->label() + ": replication slot " + spec_.slot +
                  " is in use by another session (pid " + r.Text(0, 1) + ")");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void PgChangeStream::Start(const ChangePosition& from, const ChangeStop& stop) {
  if (streaming_) throw Error("PgChangeStream::Start called twice");
  CheckSlot(from);
  stop_ = stop;
  completed_ = Position(from.value);
  TakeTarget();
  acknowledged_ = from.value;
  PgResult r =
      replication_->TryExec("START_REPLICATION SLOT " + QuoteIdentifier(spec_.slot) + " LOGICAL " +
                            PgLsnText(from.value) + " (proto_version '1', publication_names " +
                            QuoteLiteral(QuoteIdentifier(spec_.publication)) + ")");
  if (r.status() != PGRES_COPY_BOTH) replication_->Fail(Context(), r.get());
  streaming_ = true;
}

void PgChangeStream::TakeTarget() {
  target_ = LogEnd();
  // The read waits until its end is sent, and a walsender sends only
  // flushed WAL: a commit of its own with synchronous_commit on flushes it.
  sql_->Exec("BEGIN", "flushing the WAL");
  sql_->Exec("SET LOCAL synchronous_commit = on", "flushing the WAL");
  sql_->Exec("SELECT pg_logical_emit_message(true, 'strata', '')", "flushing the WAL");
  sql_->Exec("COMMIT", "flushing the WAL");
}

bool PgChangeStream::Continue(const ChangeStop& stop) {
  if (!streaming_ || !stopped_ || in_transaction_ || insert_pending_ ||
      PQstatus(replication_->raw()) != CONNECTION_OK)
    return false;
  stop_ = stop;
  TakeTarget();
  stopped_ = false;
  return true;
}

ChangePosition PgChangeStream::LogEnd() {
  PgResult now = sql_->Exec(kInsertPosition, "reading the WAL position");
  uint64_t end = Lsn(now.Text(0, 0), "the WAL insert position");
  uint64_t block = std::stoull(now.Text(0, 1)), segment = std::stoull(now.Text(0, 2));
  if (end % segment == kLongPageHeader)
    end -= kLongPageHeader;
  else if (end % block == kShortPageHeader)
    end -= kShortPageHeader;
  return Position(end);
}

bool PgChangeStream::ReadFrame() {
  char* buffer = nullptr;
  int n = 0;
  for (int naps = 0; (n = PQgetCopyData(replication_->raw(), &buffer, /*async=*/1)) == 0;) {
    // Nothing whole is buffered. A reader asleep on the socket is woken by
    // every message the walsender sends, and on one machine the walsender
    // pays for each wakeup: a quarter of its time when every transaction
    // is one row. So while the stream flows, nap and read what gathered in
    // one go; only a stream that stays quiet is waited on.
    if (naps++ < kNapsBeforeWaiting)
      std::this_thread::sleep_for(kNap);
    else
      WaitReadable();
    if (PQconsumeInput(replication_->raw()) != 1) replication_->Fail(Context());
  }
  if (n == -2) replication_->Fail(Context());
  if (n == -1) {  // the server ended the stream; its result says why
    PgResult last(PQgetResult(replication_->raw()));
    if (last.status() != PGRES_COMMAND_OK) replication_->Fail(Context(), last.get());
    return false;
  }
  frame_.assign(buffer, static_cast<size_t>(n));
  PQfreemem(buffer);
  return true;
}

void PgChangeStream::WaitReadable() {
  pollfd socket{PQsocket(replication_->raw()), POLLIN, 0};
  while (poll(&socket, 1, -1) < 0)
    if (errno != EINTR) throw Error(Context() + ": waiting for the server: " + strerror(errno));
}

void PgChangeStream::SendStatus() {
  // Reporting what was received as written stops the server's keepalives
  // until it has sent more; flushed is only ever what the caller acknowledged.
  std::string status = EncodeStandbyStatus(received_, acknowledged_, NowPgMicros());
  if (PQputCopyData(replication_->raw(), status.data(), static_cast<int>(status.size())) != 1 ||
      PQflush(replication_->raw()) != 0)
    replication_->Fail(Context() + ": sending a status update");
}

void PgChangeStream::Acknowledge(const ChangePosition& position) {
  if (position.value <= acknowledged_) return;
  acknowledged_ = position.value;
  if (streaming_) SendStatus();
}

bool PgChangeStream::Next(ChangeEvent& event, ValueSink& sink) {
  if (!streaming_) throw Error("PgChangeStream::Next called before Start");
  try {
    return NextChange(event, sink);
  } catch (const Error& e) {
    // Server errors name the connection already; decoding errors get it here.
    if (std::string_view(e.what()).starts_with(sql_->label())) throw;
    throw Error(sql_->label() + ": " + Context() + ": " + e.what());
  }
}

bool PgChangeStream::NextChange(ChangeEvent& event, ValueSink& sink) {
  if (insert_pending_) {  // the second half of a key update, from the same message
    insert_pending_ = false;
    event = transaction_;
    event.op = ChangeOp::kInsert;
    DeliverRow(false, sink);
    return true;
  }
  while (!stopped_) {
    if (begin_held_) {
      begin_held_ = false;  // current_ is the Begin the last read stopped at
    } else {
      if (!ReadFrame()) {
        stopped_ = true;
        break;
      }
      PgReplicationFrame f = DecodeReplicationFrame(frame_);
      received_ = std::max(received_, f.wal_end);
      if (f.kind == 'k') {
        // The server has sent all it has up to wal_end.
        if (!in_transaction_ && f.wal_end >= target_.value) stopped_ = true;
        SendStatus();
        continue;
      }
      current_ = DecodePgOutput(f.data);
    }
    if (!Handle(current_, event)) continue;
    DeliverRow(event.op == ChangeOp::kDelete, sink);
    return true;
  }
  if (in_transaction_)
    throw Error(sql_->label() + ": " + Context() + ": the stream ended inside a transaction");
  return false;
}

// A delete delivers the message's old row (the key alone, or the whole row);
// an insert or update the new row, taking unchanged TOASTed values from a
// whole old row.
void PgChangeStream::DeliverRow(bool old_row, ValueSink& sink) {
  delivered_old_ = old_row;
  const PgTuple* old = !old_row && current_.old_kind == 'O' ? &current_.old_tuple : nullptr;
  row_->Deliver(old_row ? current_.old_tuple : current_.new_tuple, old, sink);
}

// An old key ('K') is logged only when the key changed (or, harmlessly, when
// an unchanged key was stored out of line). A whole old row ('O', REPLICA
// IDENTITY FULL) comes with every update: compare its key columns' text as
// the server sent it. Text that differs for an equal key (numeric 1.0 and
// 1.00) only splits the update needlessly: the delete and insert of one key
// merge to the insert. Without a key there is nothing to compare.
bool PgChangeStream::KeyChanged(const PgOutputMessage& m) const {
  if (m.old_kind == 'K') return true;
  if (m.old_kind != 'O') return false;
  for (size_t k : key_) {
    if (k >= m.old_tuple.size() || k >= m.new_tuple.size()) continue;
    const PgTupleValue &before = m.old_tuple[k], &after = m.new_tuple[k];
    if (after.kind == 'u') continue;  // unchanged, not sent again
    if (before.kind != after.kind || before.bytes != after.bytes) return true;
  }
  return false;
}

bool PgChangeStream::Handle(const PgOutputMessage& m, ChangeEvent& event) {
  switch (m.kind) {
    case 'B': {
      int64_t commit = PgEpochToUnixMicros(m.commit_time);
      if (m.lsn >= target_.value ||
          (stop_.commit_before_micros && commit >= *stop_.commit_before_micros)) {
        stopped_ = true;  // left for the next read, or for Continue
        begin_held_ = true;
        return false;
      }
      in_transaction_ = true;
      transaction_ = {ChangeOp::kInsert, commit, Position(m.lsn), false};
      return false;
    }
    case 'C':
      if (!in_transaction_) throw Error("a Commit without a Begin");
      in_transaction_ = false;
      completed_ = Position(m.end_lsn);
      return false;
    case 'R':
      if (m.oid == table_oid_) CheckRelation(m);
      return false;
    case 'T':
      for (uint32_t oid : m.truncated)
        if (oid == table_oid_)
          throw Error("the table was truncated (transaction committed at " +
                      transaction_.position.text +
                      "); capture does not handle TRUNCATE yet: take a new snapshot");
      return false;
    case 'I':
    case 'U':
    case 'D':
      if (m.oid != table_oid_) return false;
      if (!in_transaction_) throw Error("a row change outside a transaction");
      event = transaction_;
      event.op = static_cast<ChangeOp>(m.kind);
      if (m.kind == 'U' && KeyChanged(m)) {
        event.op = ChangeOp::kDelete;  // the old row now, the new one at the next Next
        insert_pending_ = true;
      }
      event.key_only = event.op == ChangeOp::kDelete && m.old_kind == 'K';
      return true;
    default: return false;  // Type, Origin, Message: nothing to do
  }
}

void PgChangeStream::CheckRelation(const PgOutputMessage& m) const {
  const auto& known = row_->columns();
  std::string oids = "{", mods = "{", now, before;
  for (size_t i = 0; i < m.columns.size(); ++i) {
    oids += (i ? "," : "") + std::to_string(m.columns[i].type_oid);
    mods += (i ? "," : "") + std::to_string(m.columns[i].typmod);
  }
  PgResult types = sql_->ExecParams(kRelationTypes, {oids + "}", mods + "}"},
                                    "reading the types of a relation message");
  bool same = m.columns.size() == known.size();
  for (size_t i = 0; i < m.columns.size(); ++i) {
    std::string type = types.Text(static_cast<int>(i), 0);
    now += (i ? ", " : "") + std::string(m.columns[i].name) + " " + type;
    same = same && i < known.size() && m.columns[i].name == known[i].name &&
           type == known[i].type.declared_type;
  }
  if (same) return;
  for (size_t i = 0; i < known.size(); ++i)
    before += (i ? ", " : "") + known[i].name + " " + known[i].type.declared_type;
  throw Error("the table's columns changed to (" + now + "), were (" + before +
              "); a new snapshot is needed");
}

std::string PgChangeStream::CurrentRowJson() {
  return row_->Json(delivered_old_ ? current_.old_tuple : current_.new_tuple);
}

}  // namespace strata
