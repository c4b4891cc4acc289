#pragma once
// MergeTable keeps a table at the current state of a source table by key. A
// run hands it the increment it read (rows in the table's data columns, as
// Parquet files) and, to find deletes, every key the source holds; it
// applies both to the version the run builds on and publishes the result in
// one atomic commit, together with the new MergeState (business date and
// cursor watermark) in the same catalog transaction. With a change table,
// the rows it applied go to that table's partition ds=<date>, each with _op
// I/U/D, _ts and _pos, published in the same group commit as the table
// (PartitionStore::CommitAll): both or neither.
//
// Rules (README "Merge tables"):
// - A key several times in the increment: the row with the greatest
//   `order_by` wins; several different rows sharing that greatest value (or
//   any duplicate without an order_by) are an error naming the key.
// - A row equal to the table's row for its key is no change.
// - Keys are compared as the warehouse stores them (exact: bytes for text,
//   digits for decimals), composite keys column by column.
// - A run for the table's current date rebuilds from the version before it
//   (reruns are idempotent); a later date builds on the current version; an
//   earlier date is refused unless `force`. A history table instead rewinds
//   itself to the end of the date before the run's (reruns of any date).
//
// Holds an exclusive lock on the table (_strata/locks/<table>.merge.lock)
// from construction to destruction: merges of one table run one at a time,
// across threads and processes. Not thread-safe otherwise.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "warehouse/merge/merge_memory.h"
#include "warehouse/merge/merge_state.h"
#include "warehouse/warehouse.h"

namespace strata {

struct HistoryFiles;
struct MergeFiles;

enum class DeleteMode { kNone, kHard, kSoft };

// Columns a soft-deleting merge table adds after the data columns.
inline constexpr const char* kDeletedColumn = "_deleted";
inline constexpr const char* kDeletedDsColumn = "_deleted_ds";
// Columns a history table adds after the data columns, and the end of an
// open version (DataWorks practice).
inline constexpr const char* kStartDsColumn = "start_ds";
inline constexpr const char* kEndDsColumn = "end_ds";
inline constexpr const char* kOpColumn = "_op";
inline constexpr const char* kOpenEndDs = "99991231";
// A history table's run sorts its open versions by key once more than this
// percentage of them were appended out of order since the last sort: the
// order is worth ~20 % of the file's bytes, and a sort of every run ~40 %
// more CPU.
inline constexpr int64_t kHistoryUnsortedPercent = 5;

struct MergeOptions {
  std::vector<std::string> key;  // data columns, at least one
  std::string order_by;          // a data column; "" = none
  std::string cursor;            // a data column whose maximum is the watermark; "" = none
  DeleteMode deletes = DeleteMode::kNone;
  std::string changes_table;  // "" = none
  bool force = false;         // allow a date older than the table's
  // The key is unique in any one increment (a source table's primary key):
  // no duplicates to resolve, so no DISTINCT over the increment.
  bool unique_key = false;
  // The table's schema changed since its first version (MergeTable sets it):
  // older base files lack a new column and are read by name.
  bool evolved = false;
  // A history table: every version of each key with start_ds, end_ds and
  // _op (kHistoryColumns, after the data columns) instead of the current
  // rows; the merge runs against its open versions.
  bool history = false;
  // MergeInput::source_keys lists the keys deleted since the base instead
  // of every key the source holds (MergeTable sets it from MergeInput).
  bool deletes_listed = false;
  // A history table's tracked columns: only a change of one of them opens a
  // new version; other columns are updated in the open version. Empty = all.
  std::vector<std::string> track;
  // Rows of the increment per bucket (BucketedMerge); 0 = its default.
  int64_t increment_bucket_rows = 0;
};

// The columns a keyed table keeps after the data columns: none, the soft
// delete columns, or the history columns.
Schema TrailingColumns(const MergeOptions& options);
// Whether `columns` end with TrailingColumns(options): a table of that kind.
bool EndsWithTrailingColumns(const Schema& columns, const MergeOptions& options);
// The columns of `data` named by `key`, in the key's order.
Schema KeyColumns(const Schema& data, const std::vector<std::string>& key);

struct MergeInput {
  std::string ds;  // the run's business date, yyyymmdd
  std::vector<std::filesystem::path> increment;
  // The source's keys (key columns only); required unless deletes is kNone.
  // With `deletes_listed`: the keys deleted since the base instead (a
  // change log's deletes; may be none).
  std::vector<std::filesystem::path> source_keys;
  std::string read_time;  // UTC "2024-01-01 00:00:00", the _ts of deletes
  // A folder for the merge's working files (as large as the table at worst);
  // the caller removes it.
  std::filesystem::path scratch;
  // A history table: write the open versions in key order (MergeTable sets it).
  bool sort_history = false;
  bool deletes_listed = false;  // see source_keys
};

struct MergeOutcome {
  int64_t inserted = 0, updated = 0, deleted = 0, unchanged = 0;
  int64_t rows = 0;       // in the new version
  std::string watermark;  // after the run
  PartitionInfo table, changes;
};

class MergeTable {
 public:
  // `table` must exist with the data columns of the increment (plus the soft
  // delete columns for DeleteMode::kSoft). Takes the table's merge lock.
  MergeTable(Warehouse& wh, const std::string& table, MergeOptions options);
  ~MergeTable();
  MergeTable(const MergeTable&) = delete;
  MergeTable& operator=(const MergeTable&) = delete;

  // The version a run for `ds` builds on (its watermark starts the cursor
  // read). Throws when `ds` is older than the table's date and not forced.
  const MergeVersion& BaseFor(const std::string& ds);
  // Applies the input and commits; on failure nothing is published.
  MergeOutcome Apply(const MergeInput& input);

  // The state the catalog holds for `table` (a default one when none).
  static MergeState LoadState(Warehouse& wh, const std::string& table);

 private:
  std::string RequireChangeTable();
  HistoryFiles SplitBaseFiles();
  std::vector<PartitionInfo> PublishTogether(const std::string& ds, const MergeFiles& files,
                                             const MergeState& next, const HistoryFiles& his);
  static int64_t Publish(const std::vector<std::filesystem::path>& files, int64_t rows,
                         const StagedPartition& staged);
  const MergeVersion& HistoryBaseFor(const std::string& ds);
  bool SortsHistory() const;
  MergeState NextState(const std::string& ds, const std::string& watermark);
  void RetainBase(const MergeState& next);
  void DropOldVersions(const MergeState& next);
  std::filesystem::path VersionsDir() const;

  Warehouse& wh_;
  TableInfo table_;
  Schema data_;  // the table's columns less the soft delete columns
  MergeOptions options_;
  MergeState state_;
  std::optional<MergeVersion> base_;  // set by BaseFor
  std::string rewind_from_;           // history: undo the versions of this date on
  std::shared_ptr<const int> lock_;
};

}  // namespace strata
