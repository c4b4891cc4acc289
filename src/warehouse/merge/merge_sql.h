#pragma once
// MergeSql writes the DuckDB statements of one merge (see MergeTable for the
// rules they implement). It only builds text; MergeTable runs it. Working
// relations, views over Parquet files, dropped by Cleanup():
//   __strata_m_hist     a history table's versions (history only)
//   __strata_m_base     the version the run builds on (a history table's
//                       open versions)
//   __strata_m_keys     the source's keys
//   __strata_m_inc      the increment as read
//   __strata_m_top      one row per key: the newest of the increment
//   __strata_m_gone_keys  the keys of base rows the source no longer has
//   __strata_m_touched  base rows of the top's keys or gone keys
//   __strata_m_old      the touched rows of the top's keys
//   __strata_m_gone     the touched rows of gone keys
//   __strata_m_changes  the change rows (history only)
//   __strata_m_vchanges the change rows with _new (history only)
// Value type.

#include <filesystem>
#include <string>
#include <vector>

#include "core/column_type.h"
#include "warehouse/merge/merge_table.h"

namespace strata {

class MergeSql {
 public:
  // `data`: the table's data columns (what the increment holds).
  MergeSql(Schema data, MergeOptions options);

  // "CREATE OR REPLACE TEMP VIEW name AS select".
  static std::string View(const std::string& name, const std::string& select);
  // What a file written by a merge is for, which decides its compression.
  enum class FileUse {
    kScratch,  // a working set, read once, soon
    kVersion,  // a merge table's version, rewritten by every run
    kHistory,  // a history table's versions: the table's bytes over time
  };
  // Writes the rows of `select` to a Parquet file: working sets can be as
  // large as the table, so they live on disk, not in DuckDB's memory.
  static std::string CopyTo(const std::string& select, const std::filesystem::path& file,
                            FileUse use);

  // "a.k1, a.k2": the key columns (of `alias`, when not "").
  std::string KeyList(const std::string& alias) const;
  // "hash(key) % buckets = bucket": the keys of one bucket.
  std::string InBucket(int bucket, int buckets) const;
  // One row per key: the newest of the increment, less keys the source lost.
  std::string TopSelect() const;
  // A row (the key as text) when a key column of the increment is NULL.
  std::string NullKeyQuery() const;
  // A row (key text, count, order value) for a key the top still holds in
  // several different rows (they share the greatest order value).
  std::string TiedKeyQuery() const;
  // The keys of the live base rows that the source no longer has: only the
  // key columns of the base are read.
  std::string GoneKeysSelect() const;
  // The live base rows the run changes (their key is in the top or gone):
  // the one pass over every column of the base besides the new version's.
  // Semi-joins, so the large base is only scanned, never hashed.
  std::string TouchedSelect() const;
  // The touched rows of the top's keys: what the changes compare with.
  std::string OldSelect() const;
  // The touched rows whose key is gone.
  std::string GoneSelect() const;
  // The change rows: data columns, _op, _ts, _pos.
  std::string ChangesSelect(const std::string& read_time) const;
  // The new version: the table's columns (data, then soft delete columns).
  std::string NewVersionSelect(const std::string& ds) const;
  // A history table's changes (__strata_m_changes) with `_new`: whether the
  // change closes the key's open version (an insert, a delete, or an update
  // of a tracked column) or, false, updates untracked columns in place.
  std::string VersionedChangesSelect() const;
  // A history table's open versions after the run of `ds`: those of
  // unchanged keys, those updated in place, and one opened on `ds` for each
  // inserted or changed row. Reads __strata_m_hist and
  // __strata_m_vchanges.
  std::string OpenAfterSelect(const std::string& ds) const;
  // The closed versions the run writes: the open versions it closes on
  // `ds`, plus any closed version among the files it rewrites (a rewound
  // file's, or a table written before closed versions had files of their
  // own).
  std::string ClosedAfterSelect(const std::string& ds) const;
  // A history table's versions (`select`) as they were at the end of the
  // date before `from`: versions opened on or after it dropped, versions
  // closed on or after it open again. Ends in a WHERE clause (so a bucket
  // filter can follow with AND); `from` "" keeps every version.
  std::string RewoundHistory(const std::string& select, const std::string& from) const;
  // A history table's open versions: the current state, as data columns
  // plus start_ds and _op (what closing or updating one in place keeps).
  std::string OpenVersionsSelect() const;
  // The highest cursor value of the increment, as text (NULL when empty).
  std::string WatermarkQuery() const;
  static std::string Cleanup();

  // The change table's data columns after the source's: _op, _ts, _pos.
  static Schema ChangeColumns();

 private:
  std::string InSourceKeys(const std::string& alias) const;
  std::string ChangedKeys() const;
  // "EXISTS (a row of `relation` with the key of `alias`)".
  std::string InRelation(const std::string& relation, const std::string& alias) const;
  std::string KeyMatch(const std::string& a, const std::string& b) const;
  std::string KeyText(const std::string& alias) const;
  std::string Live(const std::string& alias) const;
  std::string Columns(const std::string& alias) const;
  std::string TsExpression(const std::string& read_time) const;
  std::string HistoryRow(const std::string& alias, const std::string& start, const std::string& end,
                         const std::string& op) const;

  Schema data_;
  MergeOptions options_;
};

}  // namespace strata
