// SqliteErrorText: what a user reads when SQLite fails on a file.

#include <gtest/gtest.h>

#include <cerrno>

#include "core/sqlite/sqlite_db.h"

namespace strata {
namespace {

TEST(SqliteErrorText, AFullDiskSaysSoAndNamesTheFile) {
  EXPECT_EQ(SqliteErrorText("/p/.strata/state.db", SQLITE_FULL, 0, "database or disk is full"),
            "no space left on device for /p/.strata/state.db");
  // SQLite often cannot tell a full disk from other write errors; errno can.
  EXPECT_EQ(SqliteErrorText("/p/w/catalog.db", SQLITE_IOERR_WRITE, ENOSPC, "disk I/O error"),
            "no space left on device for /p/w/catalog.db");
  EXPECT_EQ(SqliteErrorText("/p/w/catalog.db", SQLITE_IOERR_WRITE, EIO, "disk I/O error"),
            "/p/w/catalog.db: disk I/O error");
}

TEST(SqliteErrorText, ALockHeldTooLongSaysForHowLong) {
  EXPECT_EQ(SqliteErrorText("/p/state.db", SQLITE_BUSY, 0, "database is locked"),
            "/p/state.db: database is locked: another process held it for more than 30 s");
}

}  // namespace
}  // namespace strata
