#pragma once
// SqliteDb owns one sqlite3 connection; SqliteStatement one prepared statement
// on it. Both are move-only. Errors throw strata::Error naming the database
// file and SQLite's message ("no space left on device for <file>" when the
// disk is full). Not thread-safe: one thread per connection. The catalog, the
// scheduler state and the SQLite source all go through here.
//
// Several strata processes share one database: a writer waits for another
// (busy timeout) instead of failing. Two cases SQLite does not wait for, a
// journal mode switch and a read lock upgraded to a write lock, are deadlocks
// it answers with SQLITE_BUSY at once; EnableWal retries the first with a
// bounded backoff, and writes go through BEGIN IMMEDIATE (SqliteTransaction)
// so the second never happens.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

class SqliteDb {
 public:
  // kImmutable: read-only, and SQLite may assume nobody changes the file
  // (no locks, no -shm), which is what a read-only folder allows.
  enum class Mode { kReadOnly, kReadWriteCreate, kImmutable };
  SqliteDb(const std::filesystem::path& file, Mode mode);
  ~SqliteDb();
  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements that return no rows.
  void Exec(std::string_view sql);
  // Puts the database in WAL mode, retrying while another connection holds it
  // (for at most kLockWaitSeconds); then throws "database is locked".
  void EnableWal();
  sqlite3* handle() const { return db_; }
  const std::filesystem::path& file() const { return file_; }
  [[noreturn]] void Fail(std::string_view what) const;

  // How long a connection waits for another process's lock before failing.
  static constexpr int kLockWaitSeconds = 30;

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
};

class SqliteStatement {
 public:
  SqliteStatement(const SqliteDb& db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Binds are 1-based, as in SQLite. Returns *this so calls chain.
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& BindNull(int index);
  // Advances to the next row: true while there is one.
  bool Step();
  // Runs the statement to completion and resets it for reuse.
  void Run();
  void Reset();

  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const;
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  const SqliteDb* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// The message for SQLite result `rc` on `file`: `sqlite_message`, except that a
// full disk (SQLITE_FULL, or an I/O error whose errno `sys_errno` is ENOSPC)
// says "no space left on device for <file>".
std::string SqliteErrorText(const std::filesystem::path& file, int rc, int sys_errno,
                            std::string_view sqlite_message);

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it throws.
template <typename F>
void SqliteTransaction(SqliteDb& db, F&& body) {
  db.Exec("BEGIN IMMEDIATE");
  try {
    body();
  } catch (...) {
    db.Exec("ROLLBACK");
    throw;
  }
  db.Exec("COMMIT");
}

}  // namespace strata
