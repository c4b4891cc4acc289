#pragma once
// Catalog is the warehouse's memory: which tables exist with which schema,
// which partitions each holds (rows, bytes, files, when last written), and the
// journal of partition commits in flight. It lives in one SQLite file
// (warehouse/_strata/catalog.db), so every change is a real transaction and
// several strata processes can share it. Not thread-safe: one per thread.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/column_type.h"
#include "core/sqlite/sqlite_db.h"
#include "warehouse/catalog/schema_evolution.h"

namespace strata {

struct TableInfo {
  std::string name;
  Schema columns;                // data columns, stored in the Parquet files
  Schema partition_columns;      // encoded in folder names (Hive layout)
  std::optional<int> lifecycle;  // days
  std::string created_at;
  std::string owner;  // the project that writes it; "" = not claimed yet
};

struct PartitionInfo {
  std::string table;
  std::string spec;  // "ds=20161114", "ds=20161114/hh=01"; "" for an unpartitioned table
  int64_t rows = 0;
  int64_t bytes = 0;
  int64_t files = 0;
  std::string modified_at;  // UTC, ISO 8601
  std::string commit_id;
  // The data files' names, sorted; empty when unknown (a catalog written by
  // an older strata), and then readers list the folder instead.
  std::vector<std::string> file_names;
};

// A partition commit between "files are staged" and "catalog updated".
struct PendingCommit {
  std::string id;
  std::string staging;   // folder holding the new files, relative to the warehouse root
  std::string tag;       // who commits it; kept in the commit log once it lands
  PartitionInfo result;  // what the partition is once the commit lands
  // The table's state once the commit lands (a merge table's business date
  // and watermark: DESIGN.md "positions are data"); "" leaves it as it is.
  std::string table_state;
  // Commits prepared together (PartitionStore::CommitAll) share a group: they
  // land together or not at all, also across a crash. "" = on its own.
  std::string group;
};

class Catalog {
 public:
  // `read_only`: a catalog on a medium nobody writes (a read-only mount);
  // every change then fails.
  explicit Catalog(const std::filesystem::path& file, bool read_only = false);

  std::optional<TableInfo> FindTable(const std::string& name);
  std::vector<TableInfo> ListTables();
  // Throws if a table of that name exists, unless `if_not_exists` (then the
  // existing table is kept as it is).
  void CreateTable(const TableInfo& table, bool if_not_exists);
  void SetLifecycle(const std::string& table, std::optional<int> days);
  void SetOwner(const std::string& table, const std::string& owner);
  // In one transaction: the table's data columns become `columns`, each of
  // `changes` joins its schema history, and (when given) `source` is kept as
  // the source's columns that the next run compares with.
  void SetColumns(const std::string& table, const Schema& columns,
                  const std::vector<SchemaChange>& changes, const std::optional<Schema>& source);
  // The source's columns as the last sync into `table` saw them.
  std::optional<Schema> SourceSchema(const std::string& table);
  // Every recorded schema change of `table`, oldest first.
  std::vector<SchemaChange> SchemaHistory(const std::string& table);
  // Forgets the table, all its partitions and its schema history.
  void DropTable(const std::string& name);

  std::vector<PartitionInfo> ListPartitions(const std::string& table);
  std::optional<PartitionInfo> FindPartition(const std::string& table, const std::string& spec);
  void DeletePartition(const std::string& table, const std::string& spec);

  // The commit journal (see PartitionStore for the protocol).
  void PrepareCommit(const PendingCommit& commit);
  // Several commits journaled in one transaction.
  void PrepareCommits(const std::vector<PendingCommit>& commits);
  // In one transaction: the partition takes `commit.result` (and the table
  // `commit.table_state`, when set), the journal entry goes.
  void FinishCommit(const PendingCommit& commit);
  // FinishCommit for several commits, all in one transaction.
  void FinishCommits(const std::vector<PendingCommit>& commits);
  void ForgetCommit(const std::string& id);
  // The tags of landed commits that start with `prefix`, oldest first. A
  // scheduler tags each commit with the instance attempt that made it, so a
  // recovery can tell whether an interrupted attempt had already published.
  std::vector<std::string> CommitsTagged(const std::string& prefix);
  std::vector<PendingCommit> PendingCommits();
  // The state the table's last commit that set one left (see
  // PendingCommit::table_state); "" if none did.
  std::string TableState(const std::string& table);
  // Sets the table's state without a commit of data (a capture whose log
  // moved on without a change of its table).
  void SetTableState(const std::string& table, const std::string& state);

 private:
  // FinishCommit's work, inside the caller's transaction.
  void LandCommit(const PendingCommit& commit);

  SqliteDb db_;
};

// Clock::Now() in UTC as "2016-11-15T00:00:00Z".
std::string UtcNowIso();

}  // namespace strata
