#include "core/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <mutex>
#include <set>

#include "core/error.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

constexpr mode_t kOthers = S_IRWXG | S_IRWXO;

[[noreturn]] void FailErrno(const std::string& what, const fs::path& path) {
  throw Error("cannot " + what + " " + path.string() + ": " + std::strerror(errno));
}

// Makes `path` no wider than `mode`; leaves narrower modes (a stricter umask) alone.
void Tighten(const fs::path& path, mode_t mode) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) FailErrno("stat", path);
  if ((st.st_mode & kOthers) != 0 && chmod(path.c_str(), st.st_mode & mode & 07777) != 0)
    FailErrno("chmod", path);
}

int OpenPrivate(const fs::path& file, int flags) {
  MakePrivateDir(file.parent_path());
  int fd = open(file.c_str(), flags | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EISDIR) throw Error(file.string() + " is a directory");
  if (fd < 0) FailErrno("create", file);
  struct stat st {};
  if (fstat(fd, &st) == 0 && (st.st_mode & kOthers) != 0) fchmod(fd, 0600);
  return fd;
}

}  // namespace

void MakePrivateDir(const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return Tighten(dir, 0700);
  if (dir.has_parent_path() && dir.parent_path() != dir && !fs::exists(dir.parent_path(), ec))
    MakePrivateDir(dir.parent_path());
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) FailErrno("create", dir);
  if (!fs::is_directory(dir, ec)) throw Error(dir.string() + " is not a directory");
}

void MakePrivateFile(const fs::path& file) {
  // An existing file is not opened: close() on any descriptor of a file drops
  // every POSIX lock this process holds on it, and SQLite's connections to
  // that file (a scheduler's, in the same process) rely on theirs; losing
  // them lets two writers corrupt the database.
  std::error_code ec;
  if (fs::is_regular_file(file, ec)) {
    MakePrivateDir(file.parent_path());
    return Tighten(file, 0600);
  }
  close(OpenPrivate(file, O_RDONLY));
}

void AppendPrivateFile(const fs::path& file, std::string_view text) {
  int fd = OpenPrivate(file, O_WRONLY | O_APPEND);
  while (!text.empty()) {
    ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      errno = saved;
      FailErrno("write", file);
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  close(fd);
}

void WarnIfReadableByOthers(const fs::path& file, std::string_view what) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0 || (st.st_mode & (S_IRGRP | S_IROTH)) == 0) return;
  static std::mutex mu;
  static std::set<fs::path> warned;
  std::lock_guard<std::mutex> lock(mu);
  if (!warned.insert(file).second) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  std::cerr << "strata: warning: " << what << " " << file.string()
            << " is readable by other users (mode " << mode << "); chmod 600 it\n";
}

}  // namespace strata
