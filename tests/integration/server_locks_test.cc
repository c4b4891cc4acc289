// The page's server opens the state database in the same process as the
// scheduler, many times a second. Opening and closing any descriptor of a
// file drops every POSIX lock the process holds on it, SQLite's included, so
// MakePrivateFile (which every StateStore and OperationsStore calls) must not
// open an existing file: when it did, the page's reads corrupted state.db
// under a running serve. A forked child looks at the lock from outside.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/private_files.h"
#include "core/sqlite/sqlite_db.h"
#include "strata_process.h"

namespace strata::test {
namespace {

// Whether another process sees SQLite's RESERVED lock on `file`.
bool LockedFromOutside(const std::filesystem::path& file) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(file.c_str(), O_RDWR);
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0x40000001;  // SQLite's RESERVED_BYTE
    fl.l_len = 1;
    if (fd < 0 || fcntl(fd, F_GETLK, &fl) != 0) _exit(2);
    _exit(fl.l_type == F_UNLCK ? 1 : 0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(ServerLocks, MakePrivateFileKeepsTheProcessSqliteLocks) {
  TempDir tmp;
  std::filesystem::path file = tmp.path() / "state.db";
  SqliteDb db(file, SqliteDb::Mode::kReadWriteCreate);
  db.Exec("CREATE TABLE t (a)");
  db.Exec("BEGIN IMMEDIATE");
  db.Exec("INSERT INTO t VALUES (1)");
  ASSERT_TRUE(LockedFromOutside(file));
  MakePrivateFile(file);
  EXPECT_TRUE(LockedFromOutside(file));
  // Why it matters: a plain open and close of the same file drops the lock.
  close(open(file.c_str(), O_RDONLY));
  EXPECT_FALSE(LockedFromOutside(file));
  db.Exec("COMMIT");
}

}  // namespace
}  // namespace strata::test
