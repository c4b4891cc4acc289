#include "warehouse/storage/partition_store.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "core/error.h"
#include "core/failpoint.h"
#include "warehouse/catalog/table_metadata.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = kCommitMarkerFile;

// Unique across threads and processes: each thread draws from its own
// generator, seeded from the kernel, and a clash with a live writer's id is
// caught by Stage() all the same (its folder or lock already exists).
std::string NewCommitId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string t = UtcNowIso();  // 2016-11-15T00:00:00Z -> 20161115T000000
  std::string id;
  for (char c : t)
    if (std::isdigit(static_cast<unsigned char>(c)) || c == 'T') id += c;
  char buf[20];
  std::snprintf(buf, sizeof buf, "-%012llx",
                static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return id + buf;
}

std::string ReadMarker(const fs::path& dir) {
  std::ifstream in(dir / kMarker);
  std::string id;
  std::getline(in, id);
  return id;
}

void SyncPath(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0) throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) throw Error("cannot sync " + path.string() + " to disk: " + std::strerror(err));
}
void SyncDir(const fs::path& dir) {
  SyncPath(dir, O_DIRECTORY);
}
void SyncFile(const fs::path& file) {
  SyncPath(file, 0);
}

// Takes the lock of staging folder `id`; nullptr if another writer holds it.
// A lock is only good while its file is still the one at the path: whoever
// removes a stale staging folder unlinks its lock file while holding it, so
// a writer that opened the file just before could otherwise lock a dead inode
// and believe it owns a name that the next recovery would take from it.
std::shared_ptr<const int> TryLock(const fs::path& staging_root, const std::string& id) {
  fs::create_directories(staging_root);
  fs::path file = staging_root / (id + ".lock");
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw Error("cannot create a lock in " + staging_root.string());
  struct stat held {
  }, named{};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::fstat(fd, &held) != 0 ||
      ::stat(file.c_str(), &named) != 0 || held.st_ino != named.st_ino ||
      held.st_dev != named.st_dev) {
    ::close(fd);
    return nullptr;
  }
  return std::shared_ptr<const int>(new int(fd), [](const int* p) {
    ::close(*p);
    delete p;
  });
}

bool IsDataFile(const fs::path& p) {
  return p.extension() == ".parquet";
}

// Records the data files of `dir` in `p`: their names, count and bytes.
void ListFiles(const fs::path& dir, PartitionInfo* p) {
  p->file_names.clear();
  p->bytes = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file() || !IsDataFile(e.path())) continue;
    p->file_names.push_back(e.path().filename().string());
    p->bytes += static_cast<int64_t>(e.file_size());
  }
  std::sort(p->file_names.begin(), p->file_names.end());
  p->files = static_cast<int64_t>(p->file_names.size());
}

}  // namespace

fs::path StagedPartition::NewFile(int index) const {
  return dir / ("part-" + commit_id + "-" + std::to_string(index) + ".parquet");
}

PartitionStore::PartitionStore(fs::path root, Catalog* catalog)
    : root_(std::move(root)), catalog_(catalog) {}

fs::path PartitionStore::TableDir(const std::string& table) const {
  return root_ / table;
}

fs::path PartitionStore::PartitionDir(const std::string& table, const std::string& spec) const {
  return spec.empty() ? TableDir(table) : TableDir(table) / spec;
}

fs::path PartitionStore::StagingRoot() const {
  return root_ / "_strata" / "staging";
}
fs::path PartitionStore::TrashDir() const {
  return root_ / "_strata" / "trash";
}

StagedPartition PartitionStore::Stage(const std::string& table, const std::string& spec,
                                      CommitMode mode, const CarriedFiles* carry,
                                      const StagedWrite* over) {
  StagedPartition s;
  s.table = table;
  s.spec = spec;
  s.mode = mode;
  // A fresh id whose lock we hold and whose folder we created: no other
  // writer, and no recovery, can then use or remove it.
  for (int tries = 0; !s.lock; ++tries) {
    if (tries == 8) throw Error("cannot find a free staging folder in " + StagingRoot().string());
    s.commit_id = NewCommitId();
    s.dir = StagingRoot() / s.commit_id;
    s.lock = TryLock(StagingRoot(), s.commit_id);
    if (s.lock && !fs::create_directory(s.dir)) s.lock.reset();
  }
  fs::path live = over ? over->staged.dir : PartitionDir(table, spec);
  // An unpartitioned table's folder is swapped whole: keep its definition.
  if (spec.empty() && fs::exists(live / kTableMetadataFile))
    fs::copy_file(live / kTableMetadataFile, s.dir / kTableMetadataFile);
  if (mode == CommitMode::kAppend && carry) {
    for (const auto& name : carry->names) {
      std::error_code ec;
      fs::create_hard_link(live / name, s.dir / name, ec);
      if (ec) {
        RemoveStaging(s.commit_id);
        throw Error("cannot keep " + (live / name).string() + ": " + ec.message());
      }
      s.carried_files.push_back(name);
    }
    s.carried_rows = carry->rows;
  } else if (mode == CommitMode::kAppend && fs::exists(live)) {
    for (const auto& e : fs::directory_iterator(live))
      if (e.is_regular_file() && IsDataFile(e.path())) {
        fs::create_hard_link(e.path(), s.dir / e.path().filename());
        s.carried_files.push_back(e.path().filename().string());
      }
    if (over)
      s.carried_rows = over->rows();
    else if (auto p = catalog_->FindPartition(table, spec))
      s.carried_rows = p->rows;
  }
  return s;
}

// Checks that the staged folder holds what the write produced and makes it
// durable: a commit must never publish a partition without its data, and
// after a power loss the swapped-in files must be whole.
void PartitionStore::SealStaged(const StagedPartition& staged, int64_t new_rows,
                                const std::string& modified_at) const {
  std::set<std::string> carried(staged.carried_files.begin(), staged.carried_files.end());
  std::string own_prefix = "part-" + staged.commit_id + "-";
  bool wrote = false;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(staged.dir, ec)) {
    std::string name = e.path().filename().string();
    if (!IsDataFile(e.path())) continue;
    carried.erase(name);
    wrote |= name.rfind(own_prefix, 0) == 0;
    SyncFile(e.path());
  }
  if (ec) throw Error("staged files of commit " + staged.commit_id + " are gone: " + ec.message());
  if (!carried.empty())
    throw Error("staged files of commit " + staged.commit_id + " are missing: " + *carried.begin());
  if (new_rows > 0 && !wrote)
    throw Error("staged files of commit " + staged.commit_id + " are missing: " +
                std::to_string(new_rows) + " rows were written but no file holds them");
  fs::path marker = staged.dir / kMarker;
  {
    std::ofstream out(marker);
    // The commit and its time: what a catalog rebuild reads back.
    out << staged.commit_id << "\n" << modified_at << "\n";
    if (!out.flush()) throw Error("cannot write " + marker.string());
  }
  SyncFile(marker);
  SyncDir(staged.dir);
}

PartitionInfo PartitionStore::Commit(const StagedPartition& staged, int64_t new_rows) {
  return CommitAll({{staged, new_rows}}).front();
}

std::vector<PartitionInfo> PartitionStore::CommitAll(const std::vector<StagedWrite>& writes) {
  std::vector<PendingCommit> commits;
  try {
    Failpoint("commit.before_prepare");
    std::string modified_at = UtcNowIso();
    for (const StagedWrite& w : writes) {
      const StagedPartition& staged = w.staged;
      SealStaged(staged, w.new_rows, modified_at);
      PendingCommit c;
      c.id = staged.commit_id;
      c.group = writes.size() > 1 ? writes.front().staged.commit_id : "";
      c.staging = fs::relative(staged.dir, root_).string();
      c.tag = staged.tag;
      c.table_state = staged.table_state;
      c.result.modified_at = modified_at;
      c.result.table = staged.table;
      c.result.spec = staged.spec;
      c.result.rows = w.rows();
      ListFiles(staged.dir, &c.result);
      c.result.commit_id = c.id;
      commits.push_back(std::move(c));
    }
    catalog_->PrepareCommits(commits);
  } catch (...) {
    for (const StagedWrite& w : writes) RemoveStaging(w.staged.commit_id);
    throw;
  }
  Failpoint("commit.after_prepare");
  SwapAll(writes, commits);
  Failpoint("commit.after_swap");
  catalog_->FinishCommits(commits);
  Failpoint("commit.after_catalog");
  std::vector<PartitionInfo> out;
  for (const PendingCommit& c : commits) {
    RemoveStaging(c.id);  // the old files, after an exchange
    out.push_back(c.result);
  }
  return out;
}

// Swaps each staged folder in. When one fails before touching anything,
// the ones before are swapped back and the group forgotten; otherwise (or if
// a swap back fails) the journal keeps the group for Recover() to complete.
void PartitionStore::SwapAll(const std::vector<StagedWrite>& writes,
                             const std::vector<PendingCommit>& commits) {
  size_t swapped = 0;
  bool undoable = true;
  bool existed = false;
  try {
    for (const StagedWrite& w : writes) {
      if (swapped > 0) Failpoint("commit.between_swaps");
      fs::path live = PartitionDir(w.staged.table, w.staged.spec);
      existed = fs::exists(live);
      undoable = Publish(w.staged.dir, live) && undoable;
      ++swapped;
    }
  } catch (...) {
    const StagedWrite& failed = writes[swapped];
    bool untouched = ReadMarker(failed.staged.dir) == failed.staged.commit_id &&
                     fs::exists(PartitionDir(failed.staged.table, failed.staged.spec)) == existed;
    bool undone = untouched && undoable;
    for (size_t i = swapped; undone && i-- > 0;)
      undone = Unpublish(writes[i].staged.dir,
                         PartitionDir(writes[i].staged.table, writes[i].staged.spec));
    if (undone) {
      for (const PendingCommit& c : commits) catalog_->ForgetCommit(c.id);
      for (const StagedWrite& w : writes) RemoveStaging(w.staged.commit_id);
    }
    throw;
  }
}

bool PartitionStore::Publish(const fs::path& staging, const fs::path& live) {
  bool undoable = true;
  fs::create_directories(live.parent_path());
  if (!fs::exists(live)) {
    fs::rename(staging, live);
  } else if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS)
      throw Error("cannot publish " + live.string() + ": " + std::strerror(errno));
    // No atomic exchange on this filesystem: two renames, and Recover() finishes
    // the second if a crash falls between them.
    MoveToTrash(live);
    fs::rename(staging, live);
    undoable = false;
  }
  SyncDir(live.parent_path());
  return undoable;
}

bool PartitionStore::Unpublish(const fs::path& staging, const fs::path& live) noexcept {
  if (!fs::exists(staging))  // it was a rename: there was no live folder
    return ::rename(live.c_str(), staging.c_str()) == 0;
  return ::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) == 0;
}

void PartitionStore::Abandon(const StagedPartition& staged) noexcept {
  RemoveStaging(staged.commit_id);
}

void PartitionStore::RemoveStaging(const std::string& id) const noexcept {
  std::error_code ec;
  fs::remove_all(StagingRoot() / id, ec);
  fs::remove(StagingRoot() / (id + ".lock"), ec);
}

// Removes what is in the trash but not the folder: another writer may be
// moving something into it right now.
void PartitionStore::EmptyTrash() {
  std::error_code ec;
  if (!fs::exists(TrashDir())) return;
  for (const auto& e : fs::directory_iterator(TrashDir(), ec)) fs::remove_all(e.path(), ec);
}

void PartitionStore::MoveToTrash(const fs::path& dir) {
  fs::create_directories(TrashDir());
  fs::rename(dir, TrashDir() / NewCommitId());
}

bool PartitionStore::DropPartition(const std::string& table, const std::string& spec) {
  fs::path live = PartitionDir(table, spec);
  bool existed = catalog_->FindPartition(table, spec).has_value();
  // Folder first: from this instant no reader sees the partition; the catalog follows.
  if (fs::exists(live)) MoveToTrash(live);
  catalog_->DeletePartition(table, spec);
  EmptyTrash();
  return existed;
}

void PartitionStore::DropTableFiles(const std::string& table) {
  if (fs::exists(TableDir(table))) MoveToTrash(TableDir(table));
  // A merge table's kept base version (warehouse/merge/merge_table.h).
  fs::path versions = root_ / "_strata" / "versions" / table;
  if (fs::exists(versions)) MoveToTrash(versions);
  catalog_->DropTable(table);
  EmptyTrash();
}

void PartitionStore::Recover() {
  std::map<std::string, std::shared_ptr<const int>> held;  // stale staging we now own
  auto claim = [&](const std::string& id) {
    if (!held.count(id)) held[id] = TryLock(StagingRoot(), id);
    return held[id] != nullptr;
  };
  std::map<std::string, std::vector<PendingCommit>> groups;  // one of its own: its id
  for (auto& c : catalog_->PendingCommits()) {
    std::string group = c.group.empty() ? c.id : c.group;
    groups[group].push_back(std::move(c));
  }
  for (const auto& [id, group] : groups) {
    bool mine = std::all_of(group.begin(), group.end(), [&](auto& c) { return claim(c.id); });
    if (mine) RecoverGroup(group);  // else a live writer is committing it
  }
  // Every staging folder, and every lock left without its folder, that no
  // live writer holds.
  std::error_code ec;
  std::vector<std::string> stale;
  if (fs::exists(StagingRoot()))
    for (const auto& e : fs::directory_iterator(StagingRoot(), ec)) {
      const fs::path& p = e.path();
      std::string id = p.extension() == ".lock" ? p.stem().string() : p.filename().string();
      if (claim(id)) stale.push_back(id);
    }
  for (const auto& id : stale) RemoveStaging(id);
  EmptyTrash();
  // A drop that crashed between moving the folder and updating the catalog.
  for (const auto& t : catalog_->ListTables())
    for (const auto& p : catalog_->ListPartitions(t.name))
      if (!fs::exists(PartitionDir(t.name, p.spec))) catalog_->DeletePartition(t.name, p.spec);
}

// A group whose swaps began (a live folder carries a member's marker, or a
// member's old folder is gone with its staging still sealed: the fallback's
// two renames, or a partition that did not exist) is completed: each member
// still staged is swapped in and the catalog records them all. A group none
// of whose swaps began is forgotten: the old partitions stand.
void PartitionStore::RecoverGroup(const std::vector<PendingCommit>& group) {
  auto swapped = [&](const PendingCommit& c) {
    return ReadMarker(PartitionDir(c.result.table, c.result.spec)) == c.id;
  };
  auto staged = [&](const PendingCommit& c) {
    fs::path staging = root_ / c.staging;
    return fs::exists(staging) && ReadMarker(staging) == c.id;
  };
  bool began = std::any_of(group.begin(), group.end(), [&](const PendingCommit& c) {
    return swapped(c) || (!fs::exists(PartitionDir(c.result.table, c.result.spec)) && staged(c));
  });
  if (!began) {
    for (const auto& c : group) catalog_->ForgetCommit(c.id);
    return;
  }
  std::vector<PendingCommit> landed;
  for (const auto& c : group) {
    if (!swapped(c) && staged(c))
      Publish(root_ / c.staging, PartitionDir(c.result.table, c.result.spec));
    if (swapped(c))
      landed.push_back(c);
    else
      catalog_->ForgetCommit(c.id);  // its staging is gone: nothing to publish
  }
  catalog_->FinishCommits(landed);
}

}  // namespace strata
