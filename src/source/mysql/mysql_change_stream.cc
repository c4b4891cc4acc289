#include "source/mysql/mysql_change_stream.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "source/mysql/mysql_binlog_position.h"
#include "source/mysql/mysql_capture_check.h"

namespace strata {
namespace {

constexpr unsigned kServerIdBase = 1u << 31;
constexpr unsigned kPurgedBinlogError = 1236;  // ER_MASTER_FATAL_ERROR_READING_BINLOG
constexpr int64_t kMicrosPerSecond = 1000000;
constexpr uint32_t kBinlogStart = 4;  // the first event's offset in a binlog file

bool IsRowsEvent(int type) {
  return (type >= WRITE_ROWS_EVENT_V1 && type <= DELETE_ROWS_EVENT_V1) ||
         (type >= WRITE_ROWS_EVENT && type <= DELETE_ROWS_EVENT) ||
         (type >= WRITE_ROWS_COMPRESSED_EVENT_V1 && type <= DELETE_ROWS_COMPRESSED_EVENT_V1);
}

std::string_view View(const MARIADB_STRING& s) {
  return {s.str ? s.str : "", s.str ? s.length : 0};
}

bool AllSet(const unsigned char* bitmap, uint32_t bits) {
  for (uint32_t i = 0; i < bits; ++i)
    if (!(bitmap[i / 8] >> (i % 8) & 1)) return false;
  return true;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

MysqlChangeStream::MysqlChangeStream(const ConnectionConfig& config, const ReadSpec& spec)
    : config_(config),
      url_(ParseMysqlUrl(config.url, config.name)),
      zero_date_as_null_(spec.zero_date_as_null) {
  if (spec.table.empty() || !spec.query.empty() || !spec.where.empty() || spec.from)
    throw Error("mysql connection '" + config.name +
                "': change data capture reads a whole table (table:, no query:, where: or cursor)");
  sql_ = std::make_unique<MysqlConnection>(url_, config_.password, config_.name);
  RequireMysqlCaptureReady(*sql_);
  table_ = std::make_unique<MysqlCaptureTable>(*sql_, spec);
  MysqlRows id = sql_->Query("SELECT @@server_id");
  server_id_ = static_cast<uint32_t>(std::stoul(id.at(0).at(0).value_or("0")));
}

MysqlChangeStream::~MysqlChangeStream() {
  if (ev_) mariadb_free_rpl_event(ev_);
  if (rpl_) mariadb_rpl_close(rpl_);
}

std::string MysqlChangeStream::Context() const {
  return sql_->Describe() + ": capturing changes of table " + table_->label();
}

ChangePosition MysqlChangeStream::At(const std::string& file, uint64_t offset) const {
  return MysqlChangePosition(file, offset, gtid_.Text(), server_id_);
}

ChangePosition MysqlChangeStream::LogEnd() {
  return MysqlLogEnd(*sql_);
}

ChangePosition MysqlChangeStream::WithGtid(const ChangePosition& at) {
  MysqlBinlogPosition p = ParseMysqlPosition(at.text);
  return MysqlChangePosition(p.file, p.offset, MariadbGtidAt(*sql_, p.file, p.offset), server_id_);
}

bool MysqlChangeStream::CheckFileAvailable(const std::string& file, bool required) {
  MysqlRows logs = sql_->Query("SHOW BINARY LOGS");
  for (const auto& row : logs)
    if (!row.empty() && row[0] && *row[0] == file) return true;
  if (!required) return false;
  std::string oldest = logs.empty() || !logs[0][0] ? "none" : *logs[0][0];
  throw Error(Context() + ": binlog file " + file +
              " is no longer on the server (purged; the oldest is " + oldest +
              "); a new snapshot is needed");
}

void MysqlChangeStream::Start(const ChangePosition& from, const ChangeStop& stop) {
  if (started_) throw Error(Context() + ": Start called twice");
  started_ = true;
  stop_ = stop;
  MysqlBinlogPosition p = ParseMysqlPosition(from.text);
  file_ = p.file;
  // By GTID only off the server that wrote the position: a GTID start makes
  // the server scan the binlog file from its start.
  bool here = p.server_id != 0 && p.server_id == server_id_ && CheckFileAvailable(p.file, false);
  if (!p.gtid.empty() && !here) return StartByGtid(p, from.text);
  CheckFileAvailable(p.file);
  // A position stored without GTIDs gains them here, so the next read may
  // start on another server of the topology.
  gtid_ = MariadbGtidState::Parse(p.gtid.empty() ? MariadbGtidAt(*sql_, p.file, p.offset) : p.gtid);
  completed_ = ready_end_ = At(p.file, p.offset);
  target_ = MysqlLogEnd(*sql_);
  if (completed_ >= target_) {
    stopped_ = true;
    return;
  }
  OpenDump(p.file, p.offset);
}

// The stored file:offset may be another server's (a failover to a replica):
// the dump starts at the GTID position, the server finds the file, and its
// first event (a ROTATE) tells where it starts. Until then the stored
// position's value is not comparable with this server's, so there is no
// early "nothing to read": the non-blocking dump ends at the log's end.
void MysqlChangeStream::StartByGtid(const MysqlBinlogPosition& p, const std::string& from_text) {
  gtid_ = MariadbGtidState::Parse(p.gtid);
  completed_ = ready_end_ = MysqlChangePosition(p.file, p.offset, p.gtid, p.server_id);
  located_ = false;
  // MariaDB starts a domain its log never had from the log's beginning (a
  // server outside the topology would pass): refuse what its history lacks.
  MysqlRows state = sql_->Query("SELECT @@global.gtid_binlog_state");
  std::string logged = state.empty() || !state[0][0] ? "" : *state[0][0];
  std::string missing = gtid_.MissingFrom(logged);
  if (!missing.empty())
    throw Error(Context() + ": GTID " + missing + " of position " + from_text +
                " is not in this server's binlog history (gtid_binlog_state '" + logged +
                "'); a new snapshot is needed");
  target_ = MysqlLogEnd(*sql_);
  OpenDump("", kBinlogStart);
}

void MysqlChangeStream::OpenDump(const std::string& file, uint32_t offset) {
  dump_ = std::make_unique<MysqlConnection>(url_, config_.password, config_.name);
  // Ask for real GTID events (a DDL's standalone flag) and for checksums as the server writes them.
  dump_->Exec("SET @mariadb_slave_capability = 4");
  if (!located_) {
    // gtid_'s text is digits, '-' and ',' only (MariadbGtidState::Parse). Strict
    // mode: a GTID this server's binlog does not have is an error, never a
    // silent start elsewhere.
    dump_->Exec("SET @slave_connect_state = '" + gtid_.Text() + "'");
    dump_->Exec("SET @slave_gtid_strict_mode = 1");
    dump_->Exec("SET @slave_gtid_ignore_duplicates = 0");
  }
  dump_->Exec("SET @master_binlog_checksum = @@global.binlog_checksum");
  MysqlRows alg = dump_->Query("SELECT @@global.binlog_checksum");
  checksums_ = !alg.empty() && alg[0][0] && *alg[0][0] != "NONE";
  MysqlRows id = dump_->Query("SELECT CONNECTION_ID()");
  unsigned server_id =
      kServerIdBase + static_cast<unsigned>(std::stoull(*id[0][0]) % kServerIdBase);
  rpl_ = mariadb_rpl_init(dump_->handle());
  if (!rpl_) throw Error(dump_->ErrorText("starting binlog replication"));
  if (!file.empty()) mariadb_rpl_optionsv(rpl_, MARIADB_RPL_FILENAME, file.c_str(), file.size());
  mariadb_rpl_optionsv(rpl_, MARIADB_RPL_START, static_cast<unsigned long>(offset));
  mariadb_rpl_optionsv(rpl_, MARIADB_RPL_SERVER_ID, server_id);
  mariadb_rpl_optionsv(rpl_, MARIADB_RPL_FLAGS,
                       static_cast<unsigned>(MARIADB_RPL_BINLOG_DUMP_NON_BLOCK));
  if (mariadb_rpl_open(rpl_) != 0) FailRead();
}

void MysqlChangeStream::FailRead() {
  unsigned code = dump_ ? dump_->LastErrno() : 0;
  std::string server = rpl_ && mariadb_rpl_errno(rpl_) ? mariadb_rpl_error(rpl_) : "";
  std::string from = located_ ? file_ : "GTID position " + gtid_.Text();
  std::string msg =
      dump_ ? dump_->ErrorText("reading the binlog of table " + table_->label() + " from " + from)
            : Context();
  if (!server.empty() && code == 0) msg += ": " + server;
  if (code == kPurgedBinlogError) msg += "; a new snapshot is needed";
  throw Error(msg);
}

bool MysqlChangeStream::Next(ChangeEvent& event, ValueSink& sink) {
  if (!started_) throw Error(Context() + ": Next called before Start");
  if (ready_.empty()) ReadUntilReady();
  if (ready_.empty()) return false;
  Change change = std::move(ready_.front());
  ready_.pop_front();
  if (ready_.empty()) completed_ = ready_end_;
  event = change.event;
  current_ = std::move(change.row);
  const std::vector<size_t>& read = table_->read();
  for (size_t k = 0; k < read.size(); ++k) current_[read[k]].Deliver(static_cast<int>(k), sink);
  return true;
}

void MysqlChangeStream::ReadUntilReady() {
  while (ready_.empty() && !stopped_) {
    MARIADB_RPL_EVENT* ev = mariadb_rpl_fetch(rpl_, ev_);
    if (!ev) {
      ev_ = nullptr;  // freed by the library
      if (dump_->LastErrno() != 0 || mariadb_rpl_errno(rpl_) != 0) FailRead();
      // The end of the log (a non-blocking dump ends there): every event up
      // to the target has been seen, and a group the stream could not tell
      // apart (an XA COMMIT, say) ended before it.
      RequireNoPending("the end of the binlog");
      stopped_ = true;
      // Every transaction up to the target is in gtid_.
      if (located_ && !bounded_ && completed_ < target_) {
        MysqlBinlogPosition end = ParseMysqlPosition(target_.text);
        completed_ = ready_end_ = At(end.file, end.offset);
      }
      return;
    }
    ev_ = ev;
    Handle(*ev);
    if (!stopped_) PassBetweenTransactions(*ev);
  }
}

// The file and offset a ROTATE event points at, read from the raw event:
// after the 19-byte header, 8 bytes of offset, then the name up to the
// event's end, less the checksum when the dump has them (the dump's own
// artificial rotates too, before any format event said so). Connector/C 3.3
// mis-reads these events (offset and name shifted by 8 bytes).
MysqlChangeStream::RotateTarget MysqlChangeStream::ParseRotate(const MARIADB_RPL_EVENT& ev) const {
  constexpr size_t kStatusByte = 1, kHeader = 19, kOffset = 8;
  size_t checksum = checksums_ ? 4 : 0;
  size_t start = kStatusByte + kHeader + kOffset;
  if (ev.raw_data_size < start + checksum + 1)
    throw Error(Context() + ": a malformed ROTATE event in " + file_);
  const unsigned char* raw = ev.raw_data;
  uint64_t offset = 0;
  for (size_t k = kOffset; k-- > 0;) offset = offset << 8 | raw[kStatusByte + kHeader + k];
  std::string name(reinterpret_cast<const char*>(raw) + start, ev.raw_data_size - start - checksum);
  return {name, offset};
}

// Rows of the table must end with a commit the stream understands; anything
// else would drop them silently.
void MysqlChangeStream::RequireNoPending(const std::string& what) {
  if (pending_.empty()) return;
  throw Error(Context() + ": " + std::to_string(pending_.size()) +
              " row changes of the table were followed, before any commit, by " + what + " in " +
              file_);
}

// Between transactions every event end is a place the next read may start.
void MysqlChangeStream::PassBetweenTransactions(const MARIADB_RPL_EVENT& ev) {
  if (ev.event_type == HEARTBEAT_LOG_EVENT) return;  // not an event of the log
  bool rotate = ev.event_type == ROTATE_EVENT;       // its position is in the next file
  uint64_t end = rotate ? rotate_offset_ : ev.next_event_pos;
  if (in_transaction_ || !ready_.empty() || end == 0) return;
  ChangePosition at = At(file_, end);
  if (at > completed_ && at <= target_) completed_ = ready_end_ = at;
  if (at >= target_) stopped_ = true;
}

void MysqlChangeStream::Handle(const MARIADB_RPL_EVENT& ev) {
  switch (ev.event_type) {
    case ROTATE_EVENT: {
      RotateTarget rotate = ParseRotate(ev);
      file_ = rotate.file;
      rotate_offset_ = rotate.offset;
      mapped_ = false;
      if (!located_) Locate();
      return;
    }
    case GTID_EVENT:
      RequireNoPending("a new transaction");
      in_transaction_ = true;
      standalone_ = ev.event.gtid.flags & FL_STANDALONE;
      open_gtid_ = MARIADB_GTID{ev.event.gtid.domain_id, ev.server_id, ev.event.gtid.sequence_nr};
      return;
    case XA_PREPARE_LOG_EVENT:
      RequireNoPending("XA PREPARE (XA transactions are not captured)");
      in_transaction_ = false;
      // The prepared group is a GTID of its own (its XA COMMIT comes as another).
      RequireLocated(ev);
      if (At(file_, ev.next_event_pos) <= target_) RecordGtid();
      return;
    case QUERY_EVENT: return HandleQuery(ev);
    case TABLE_MAP_EVENT: {
      const auto& tm = ev.event.table_map;
      if (View(tm.database) != table_->database() || View(tm.table) != table_->name()) return;
      columns_ = table_->Logged(View(tm.column_types), View(tm.metadata));
      table_id_ = tm.table_id;
      mapped_ = true;
      return;
    }
    case XID_EVENT: return Commit(ev);
    default:
      if (IsRowsEvent(ev.event_type)) HandleRows(ev);
  }
}

void MysqlChangeStream::HandleQuery(const MARIADB_RPL_EVENT& ev) {
  std::string_view sql = View(ev.event.query.statement);
  std::string head = Upper(sql.substr(0, 9));
  if (head == "BEGIN") {
    RequireNoPending("a new transaction");
    in_transaction_ = true;
    return;
  }
  // A ROLLBACK in the log ends a group whose non-transactional changes
  // stayed (a transactional table's rolled-back rows are never logged).
  if (head == "COMMIT" || head == "ROLLBACK" || head == "XA COMMIT" || head == "XA ROLLBA")
    return Commit(ev);
  if (table_->NamedIn(sql, View(ev.event.query.database))) {
    std::string at = file_ + ":" + std::to_string(ev.next_event_pos);
    bool truncate = head.rfind("TRUNCATE", 0) == 0;
    throw Error(Context() + ": " +
                (truncate ? "TRUNCATE of the table" : "a statement on the table") +
                " in the binlog at " + at + ": '" + ShortSql(sql) +
                "'; change data capture cannot follow it, a new snapshot is needed");
  }
  if (standalone_ || !in_transaction_) Commit(ev);
}

void MysqlChangeStream::HandleRows(const MARIADB_RPL_EVENT& ev) {
  const auto& rows = ev.event.rows;
  if (!mapped_ || rows.table_id != table_id_) return;
  bool full = AllSet(rows.column_bitmap, rows.column_count) &&
              (!rows.column_update_bitmap || AllSet(rows.column_update_bitmap, rows.column_count));
  if (!full || rows.column_count != columns_.size())
    throw Error(Context() + ": a row change at " + file_ + ":" + std::to_string(ev.next_event_pos) +
                " does not log every column; set binlog_row_image=FULL");
  std::string_view data(static_cast<const char*>(rows.row_data), rows.row_data_size);
  MysqlRowImageReader reader(columns_, data, zero_date_as_null_, table_->label());
  while (!reader.AtEnd()) {
    Change c;
    c.event.op = rows.type == WRITE_ROWS ? ChangeOp::kInsert : ChangeOp::kDelete;
    c.row = reader.Read();
    if (rows.type == UPDATE_ROWS) {
      MysqlLoggedRow after = reader.Read();
      if (KeyChanged(c.row, after)) {
        pending_.push_back(std::move(c));  // the old row's delete, then the new row's insert
        c = Change{};
        c.event.op = ChangeOp::kInsert;
      } else {
        c.event.op = ChangeOp::kUpdate;
      }
      c.row = std::move(after);
    }
    pending_.push_back(std::move(c));
  }
}

// An update that moves the row to another key is, for a merge by key, the
// old key's delete and the new key's insert. Without a primary key there
// is no key to move.
bool MysqlChangeStream::KeyChanged(const MysqlLoggedRow& before,
                                   const MysqlLoggedRow& after) const {
  for (size_t k : table_->key())
    if (!before[k].SameAs(after[k])) return true;
  return false;
}

// A GTID start's first event, the server's ROTATE to the file holding the
// GTID position: from here on positions are this server's.
void MysqlChangeStream::Locate() {
  located_ = true;
  completed_ = ready_end_ = At(file_, rotate_offset_);
}

void MysqlChangeStream::RequireLocated(const MARIADB_RPL_EVENT& ev) const {
  if (!located_)
    throw Error(Context() + ": the binlog dump by GTID position " + gtid_.Text() +
                " sent event type " + std::to_string(ev.event_type) + " before its ROTATE");
}

void MysqlChangeStream::RecordGtid() {
  if (open_gtid_)
    gtid_.Record(open_gtid_->domain_id, open_gtid_->server_id, open_gtid_->sequence_nr);
  open_gtid_.reset();
}

void MysqlChangeStream::Commit(const MARIADB_RPL_EVENT& ev) {
  RequireLocated(ev);
  in_transaction_ = false;
  standalone_ = false;
  int64_t micros = static_cast<int64_t>(ev.timestamp) * kMicrosPerSecond;
  bool bounded = stop_.commit_before_micros && micros >= *stop_.commit_before_micros;
  if (At(file_, ev.next_event_pos) > target_ || bounded) {
    stopped_ = true;
    bounded_ = bounded_ || bounded;  // committed after the read started: the next read's
    pending_.clear();
    return;
  }
  RecordGtid();
  ChangePosition at = At(file_, ev.next_event_pos);
  for (Change& c : pending_) {
    c.event.commit_micros = micros;
    c.event.position = at;
    ready_.push_back(std::move(c));
  }
  pending_.clear();
  if (ready_.empty()) completed_ = at;
  ready_end_ = at;
  if (at >= target_) stopped_ = true;
}

std::string MysqlChangeStream::CurrentRowJson() {
  nlohmann::json row = nlohmann::json::object();
  const std::vector<size_t>& read = table_->read();
  for (size_t k = 0; k < read.size() && read[k] < current_.size(); ++k) {
    const MysqlLoggedValue& v = current_[read[k]];
    const std::string& name = table_->read_names()[k];
    if (v.shape == MysqlLoggedValue::Shape::kNull)
      row[name] = nullptr;
    else
      row[name] = v.Text();
  }
  return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace strata
