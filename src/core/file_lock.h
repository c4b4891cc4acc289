#pragma once
// An exclusive advisory lock (flock) on a file, held until the last copy of
// the returned handle goes. The file is created if missing and never
// removed, so a lock always names one inode. Locks exclude other processes
// and other handles of this process alike. Thread-safe.

#include <filesystem>
#include <memory>
#include <optional>

namespace strata {

using FileLock = std::shared_ptr<const int>;

// Waits for the lock. Throws strata::Error naming the file when it cannot be taken.
FileLock LockFile(const std::filesystem::path& file);
// The lock if nobody holds it now, else nullptr. Throws like LockFile.
FileLock TryLockFile(const std::filesystem::path& file);

}  // namespace strata
