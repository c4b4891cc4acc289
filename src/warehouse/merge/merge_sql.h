#pragma once
// MergeSql writes the DuckDB statements of one merge (see MergeTable for the
// rules they implement). It only builds text; MergeTable runs it. Working
// relations, views over Parquet files, dropped by Cleanup():
//   __strata_m_base     the version the run builds on
//   __strata_m_keys     the source's keys
//   __strata_m_inc      the increment as read
//   __strata_m_top      one row per key: the newest of the increment
//   __strata_m_old      the base rows of the top's keys
//   __strata_m_gone     base rows whose key the source no longer has
//   __strata_m_changes  the change rows
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
  // Writes the rows of `select` to a Parquet file: working sets can be as
  // large as the table, so they live on disk, not in DuckDB's memory.
  static std::string CopyTo(const std::string& select, const std::filesystem::path& file);

  // " WHERE hash(key) % buckets = bucket": the keys of one bucket.
  std::string InBucket(int bucket, int buckets) const;
  // One row per key: the newest of the increment, less keys the source lost.
  std::string TopSelect() const;
  // A row (the key as text) when a key column of the increment is NULL.
  std::string NullKeyQuery() const;
  // A row (key text, count, order value) for a key the top still holds in
  // several different rows (they share the greatest order value).
  std::string TiedKeyQuery() const;
  // The live base rows of the top's keys: what the changes compare with. A
  // semi-join, so the large base is only scanned, never hashed.
  std::string OldSelect() const;
  // Base rows whose key the source no longer has.
  std::string GoneSelect() const;
  // The change rows: data columns, _op, _ts, _pos.
  std::string ChangesSelect(const std::string& read_time) const;
  // The new version: the table's columns (data, then soft delete columns).
  std::string NewVersionSelect(const std::string& ds) const;
  // The highest cursor value of the increment, as text (NULL when empty).
  std::string WatermarkQuery() const;
  static std::string Cleanup();

  // The change table's data columns after the source's: _op, _ts, _pos.
  static Schema ChangeColumns();

 private:
  std::string InSourceKeys(const std::string& alias) const;
  std::string KeyMatch(const std::string& a, const std::string& b) const;
  std::string KeyText(const std::string& alias) const;
  std::string Live(const std::string& alias) const;
  std::string Columns(const std::string& alias) const;
  std::string TsExpression(const std::string& read_time) const;

  Schema data_;
  MergeOptions options_;
};

}  // namespace strata
