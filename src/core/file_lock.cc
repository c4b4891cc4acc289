#include "core/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "core/error.h"

namespace strata {
namespace {

FileLock Lock(const std::filesystem::path& file, bool wait) {
  std::filesystem::create_directories(file.parent_path());
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw Error("cannot lock " + file.string());
  if (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    bool busy = errno == EWOULDBLOCK;
    ::close(fd);
    if (!wait && busy) return nullptr;
    throw Error("cannot lock " + file.string());
  }
  return FileLock(new int(fd), [](const int* p) {
    ::close(*p);
    delete p;
  });
}

}  // namespace

FileLock LockFile(const std::filesystem::path& file) {
  return Lock(file, true);
}

FileLock TryLockFile(const std::filesystem::path& file) {
  return Lock(file, false);
}

}  // namespace strata
