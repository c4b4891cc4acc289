#pragma once
// PartitionStore owns the warehouse's folders and makes every change to a
// partition atomic (DESIGN.md invariant 1). New files are written into a
// staging folder on the same filesystem; the commit journals its intent in
// the catalog, then swaps the staging folder with the live one in one
// renameat2(RENAME_EXCHANGE) (a plain rename when there was none), then
// records the new partition and removes the old files. A reader of the
// folders, strata or any Parquet engine, sees the old files or the new ones,
// never a mix and never none. Recover() finishes or undoes whatever a crash
// interrupted; the Warehouse calls it on open.
//
// Several writers (threads or processes) may stage at once: each holds a
// lock on its staging folder until it commits or abandons, and recovery only
// touches staging folders nobody holds.
//
// Several partitions can be committed as one (CommitAll): they are journaled
// in one catalog transaction, swapped one after the other, and recorded in
// one transaction; Recover() completes such a group whole once any of its
// swaps happened, and otherwise forgets it whole. A catalog reader (strata's
// SQL) sees all of a group or none of it; a reader of the folders alone may
// see some swaps before the others for the instant in between.
//
// Layout: <root>/<table>/<k>=<v>[/<k2>=<v2>]/part-<commit>.parquet, and for an
// unpartitioned table the files sit in <root>/<table>/ itself. Staging is
// <root>/_strata/staging/<commit>/: outside every table folder (an
// unpartitioned table's folder is itself swapped) but on the same filesystem.
// Commit ids are unique across threads and processes. One PartitionStore is
// not thread-safe: each thread opens its own Warehouse.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "warehouse/catalog/catalog.h"

namespace strata {

enum class CommitMode { kOverwrite, kAppend };

// Names the commit that produced a partition folder, and when (two lines), so
// recovery can tell whether a swap happened and a catalog rebuild when it did.
// Hive, Spark and DuckDB's *.parquet globs skip it.
inline constexpr const char* kCommitMarkerFile = "_strata_commit";

// Files being written for one partition, not yet visible to anyone.
struct StagedPartition {
  std::string commit_id;
  std::string table;
  std::string spec;  // "" for an unpartitioned table
  CommitMode mode = CommitMode::kOverwrite;
  std::filesystem::path dir;               // write new Parquet files here
  int64_t carried_rows = 0;                // rows already in the partition that an append keeps
  std::vector<std::string> carried_files;  // their files, hard-linked into `dir`
  std::string tag;          // who commits it (see Catalog::CommitsTagged); may be empty
  std::string table_state;  // see PendingCommit::table_state; may be empty
  // Holds an flock on <staging>/<commit>.lock while the write is under way, so
  // Recover() in another thread or process leaves this staging folder alone.
  std::shared_ptr<const int> lock;
  // A file name unique to this commit, e.g. "part-<commit>-0.parquet".
  std::filesystem::path NewFile(int index) const;
};

// The files of a partition that an append keeps, when not all of them (a
// history table keeps its closed versions' files and rewrites the rest), and
// the rows they hold.
struct CarriedFiles {
  std::vector<std::string> names;
  int64_t rows = 0;
};

// A staged partition whose files are written, and the rows they hold
// (carried rows not included).
struct StagedWrite {
  StagedPartition staged;
  int64_t new_rows = 0;
  int64_t rows() const { return staged.carried_rows + new_rows; }
};

class PartitionStore {
 public:
  PartitionStore(std::filesystem::path root, Catalog* catalog);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path TableDir(const std::string& table) const;
  std::filesystem::path PartitionDir(const std::string& table, const std::string& spec) const;

  // Opens a staging folder. For an append, the partition's current files
  // (or only `carry`'s, which must all exist) are hard-linked into it, so the
  // swap still publishes one complete folder. With `over` (an earlier staged
  // write of the same partition, not committed), the new staging builds on
  // it instead of the published partition: an append keeps its files.
  StagedPartition Stage(const std::string& table, const std::string& spec, CommitMode mode,
                        const CarriedFiles* carry = nullptr, const StagedWrite* over = nullptr);
  // Publishes the staged files as the partition; `new_rows` is what the new
  // files hold. Refuses (throws, publishing nothing) when the staged folder
  // lacks a carried file, or holds none of its own while `new_rows` > 0.
  // Every file is on disk (fsync) before the swap. Returns the partition as
  // the catalog now records it.
  PartitionInfo Commit(const StagedPartition& staged, int64_t new_rows);
  // Publishes several staged partitions (of different partitions) as one
  // commit: all of them or none, also across a crash. On a throw the staging
  // folders are gone and nothing changed, or (a swap that cannot be undone)
  // the journal keeps the group and the next Recover() completes it. Returns
  // the partitions as the catalog now records them, in order.
  std::vector<PartitionInfo> CommitAll(const std::vector<StagedWrite>& writes);
  // Throws away a staging folder (a failed write).
  void Abandon(const StagedPartition& staged) noexcept;

  // Removes a partition's folder and catalog entry; false if it did not exist.
  bool DropPartition(const std::string& table, const std::string& spec);
  // Removes a table's folder (all partitions), a merge table's kept
  // versions, and the catalog entries.
  void DropTableFiles(const std::string& table);

  // Completes or rolls back commits a crash interrupted, removes stale staging.
  void Recover();

 private:
  std::filesystem::path StagingRoot() const;
  void SealStaged(const StagedPartition& staged, int64_t new_rows,
                  const std::string& modified_at) const;
  // Removes staging folder `id` and its lock file.
  void RemoveStaging(const std::string& id) const noexcept;
  std::filesystem::path TrashDir() const;
  // CommitAll()'s swaps, undone when one fails.
  void SwapAll(const std::vector<StagedWrite>& writes, const std::vector<PendingCommit>& commits);
  // Swaps `staging` in as `live`. Returns whether Unpublish() can undo it.
  bool Publish(const std::filesystem::path& staging, const std::filesystem::path& live);
  // Undoes a Publish() that returned true; false if it could not.
  static bool Unpublish(const std::filesystem::path& staging,
                        const std::filesystem::path& live) noexcept;
  // Recover() for the pending commits of one group (or one on its own).
  void RecoverGroup(const std::vector<PendingCommit>& group);
  void MoveToTrash(const std::filesystem::path& dir);
  void EmptyTrash();

  std::filesystem::path root_;
  Catalog* catalog_;
};

}  // namespace strata
