#pragma once
// MergeSql writes the DuckDB statements of one merge (see MergeTable for the
// rules they implement). It only builds text; MergeTable runs it. Working
// relations, dropped by Cleanup():
//   __strata_m_base  the version the run builds on (a view over its files)
//   __strata_m_keys  the source's keys (a view over the key files)
//   __strata_m_inc   the increment as read
//   __strata_m_top   one row per key: the newest of the increment
//   __strata_m_gone  base rows whose key the source no longer has
// Value type.

#include <string>
#include <vector>

#include "core/column_type.h"
#include "warehouse/merge/merge_table.h"

namespace strata {

class MergeSql {
 public:
  // `data`: the table's data columns (what the increment holds).
  MergeSql(Schema data, MergeOptions options);

  std::string CreateBase(const std::string& select) const;
  std::string CreateKeys(const std::string& select) const;
  std::string CreateIncrement(const std::string& select) const;
  // One row per key in __strata_m_top; the checks below then look at it.
  std::string CreateTop() const;
  // A row (the key as text) when a key column of the increment is NULL.
  std::string NullKeyQuery() const;
  // A row (key text, count, order value) for a key the increment holds in
  // several different rows at its greatest order value.
  std::string TiedKeyQuery() const;
  // Drops from the top the keys the source no longer has, then fills
  // __strata_m_gone.
  std::vector<std::string> ApplyKeys() const;
  // The change rows: data columns, _op, _ts, _pos.
  std::string ChangesSelect(const std::string& read_time) const;
  // The new version: the table's columns (data, then soft delete columns).
  std::string NewVersionSelect(const std::string& ds) const;
  // The highest cursor value of the increment, as text (NULL when empty).
  std::string WatermarkQuery() const;
  std::string Cleanup() const;

  // The change table's data columns after the source's: _op, _ts, _pos.
  static Schema ChangeColumns();

 private:
  std::string KeyMatch(const std::string& a, const std::string& b) const;
  std::string KeyText(const std::string& alias) const;
  std::string Live(const std::string& alias) const;
  std::string Columns(const std::string& alias) const;
  std::string TsExpression(const std::string& read_time) const;

  Schema data_;
  MergeOptions options_;
};

}  // namespace strata
