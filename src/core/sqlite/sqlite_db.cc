#include "core/sqlite/sqlite_db.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <system_error>
#include <thread>
#include <utility>

#include "core/error.h"

namespace strata {
namespace {

bool IsBusy(int rc) {
  int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// SQLite reports a full disk as SQLITE_FULL when it can tell, and otherwise as
// a plain I/O error whose errno says it.
bool IsDiskFull(int rc, int sys_errno) {
  int primary = rc & 0xff;
  return primary == SQLITE_FULL || (primary != SQLITE_OK && sys_errno == ENOSPC);
}

}  // namespace

std::string SqliteErrorText(const std::filesystem::path& file, int rc, int sys_errno,
                            std::string_view sqlite_message) {
  if (IsDiskFull(rc, sys_errno)) return "no space left on device for " + file.string();
  if ((rc & 0xff) == SQLITE_BUSY)
    return file.string() + ": database is locked: another process held it for more than " +
           std::to_string(SqliteDb::kLockWaitSeconds) + " s";
  return file.string() + ": " + std::string(sqlite_message);
}

SqliteDb::SqliteDb(const std::filesystem::path& file, Mode mode) : file_(file) {
  // SQLite would say "disk I/O error" or "unable to open database file".
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw Error(file.string() + " is a directory");
  int flags = mode == Mode::kReadWriteCreate ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                             : SQLITE_OPEN_READONLY;
  flags |= SQLITE_OPEN_NOMUTEX;
  std::string name = file.string();
  if (mode == Mode::kImmutable) {
    std::string uri = "file:";
    for (char c : name) {  // the characters a URI path may not hold as they are
      if (c == '%' || c == '?' || c == '#') {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
        uri += hex;
      } else {
        uri += c;
      }
    }
    name = uri + "?immutable=1";
    flags |= SQLITE_OPEN_URI;
  }
  if (int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    int sys_errno = db_ ? sqlite3_system_errno(db_) : 0;
    sqlite3_close(db_);
    db_ = nullptr;
    if (IsDiskFull(rc, sys_errno)) throw Error(SqliteErrorText(file, rc, sys_errno, msg));
    throw Error("cannot open SQLite database " + file.string() + ": " + msg);
  }
  // Several strata processes may share one catalog; wait for a writer rather than fail.
  sqlite3_busy_timeout(db_, kLockWaitSeconds * 1000);
}

SqliteDb::~SqliteDb() {
  sqlite3_close(db_);
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), file_(std::move(other.file_)) {}

void SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(
        SqliteErrorText(file_, sqlite3_extended_errcode(db_), sqlite3_system_errno(db_), msg));
  }
}

void SqliteDb::EnableWal() {
  // Switching to WAL needs the database to itself; two processes switching at
  // once deadlock, and SQLite answers one of them BUSY without waiting.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kLockWaitSeconds);
  auto pause = std::chrono::milliseconds(5);
  while (true) {
    int rc = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if (!IsBusy(rc)) Fail("cannot switch to WAL");
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error(file_.string() + ": database is locked: another process held it for " +
                  std::to_string(kLockWaitSeconds) + " s");
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
}

void SqliteDb::Fail(std::string_view what) const {
  throw Error(SqliteErrorText(file_, sqlite3_extended_errcode(db_), sqlite3_system_errno(db_),
                              std::string(what) + ": " + sqlite3_errmsg(db_)));
}

SqliteStatement::SqliteStatement(const SqliteDb& db, std::string_view sql) : db_(&db) {
  if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    db.Fail("cannot prepare statement");
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    db_->Fail("cannot bind");
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_->Fail("cannot bind");
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_->Fail("cannot bind");
  return *this;
}

bool SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->Fail("query failed");
}

void SqliteStatement::Run() {
  while (Step()) {
  }
  Reset();
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::Text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
}

}  // namespace strata
