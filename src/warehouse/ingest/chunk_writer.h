#pragma once
// ChunkWriter writes typed values into one DuckDB data chunk whose columns
// follow a warehouse Schema. The caller has already checked each value fits
// its column (sync/ converts and range-checks); ChunkWriter only stores it in
// the column's physical form. Every Set* also marks the cell valid, so a row
// slot may be written again after a rejected (dirty) row. Not thread-safe;
// lives as long as one call of the table function.

#include <duckdb.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/column_type.h"

namespace strata {

class ChunkWriter {
 public:
  ChunkWriter(duckdb_data_chunk chunk, const Schema& schema);

  idx_t capacity() const { return capacity_; }
  const Schema& schema() const { return *schema_; }

  void SetNull(int col, idx_t row);
  void SetBool(int col, idx_t row, bool v);
  // For tinyint/smallint/int/bigint columns; the value is already in range.
  void SetInt(int col, idx_t row, int64_t v);
  void SetDouble(int col, idx_t row, double v);
  // The unscaled value of a decimal column (123.45 in decimal(5,2) is 12345).
  void SetDecimal(int col, idx_t row, __int128 unscaled);
  // Text or binary columns.
  void SetString(int col, idx_t row, std::string_view v);
  void SetDate(int col, idx_t row, int32_t days_since_epoch);
  void SetTimestamp(int col, idx_t row, int64_t micros_since_epoch);

 private:
  struct Target {
    duckdb_vector vector;
    void* data;
    uint64_t* validity;
  };
  void Valid(const Target& t, idx_t row) { duckdb_validity_set_row_valid(t.validity, row); }

  const Schema* schema_;
  std::vector<Target> cols_;
  idx_t capacity_;
};

// Creates the DuckDB logical type that stores a warehouse column type.
// The caller destroys it with duckdb_destroy_logical_type.
duckdb_logical_type MakeDuckType(const ColumnType& type);

}  // namespace strata
