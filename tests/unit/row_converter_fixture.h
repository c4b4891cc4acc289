#pragma once
// Test helpers for RowConverter: a DuckDB chunk laid out for a schema with
// readers that go straight to its vectors, and a one-column converter whose
// every feed starts a fresh row slot. Dates worked out by hand.

#include <duckdb.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/column_type.h"
#include "sync/row_converter.h"
#include "warehouse/ingest/chunk_writer.h"

namespace strata::test {

constexpr __int128 kTen19 = static_cast<__int128>(10000000000000000000ULL);

// Days and microseconds since 1970-01-01, worked out by hand: 1970..2015 is
// 46 years with 11 leap years, so 2016-01-01 is day 46*365 + 11 = 16801;
// 2016-02-29 adds 31 + 28 days; 2016-11-14 adds 305 + 13.
constexpr int32_t kDays20160229 = 16801 + 31 + 28;
constexpr int32_t kDays20161114 = 16801 + 305 + 13;
constexpr int64_t kMicros20161114T100000_123456 =
    kDays20161114 * 86400LL * 1000000 + 10 * 3600LL * 1000000 + 123456;

inline ColumnType Type(std::string_view text) {
  auto t = ParseColumnType(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(ColumnType{});
}

// A DuckDB data chunk laid out for `schema`, a ChunkWriter over it, and
// readers that go straight to the vectors through the C API.
class Chunk {
 public:
  explicit Chunk(Schema schema) : schema_(std::move(schema)) {
    std::vector<duckdb_logical_type> types;
    for (const Column& c : schema_) types.push_back(MakeDuckType(c.type));
    chunk_ = duckdb_create_data_chunk(types.data(), types.size());
    for (duckdb_logical_type& t : types) duckdb_destroy_logical_type(&t);
    writer_ = std::make_unique<ChunkWriter>(chunk_, schema_);
  }
  ~Chunk() { duckdb_destroy_data_chunk(&chunk_); }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;

  const Schema& schema() const { return schema_; }
  ChunkWriter* writer() { return writer_.get(); }

  bool Valid(int col, idx_t row) const {
    uint64_t* validity = duckdb_vector_get_validity(Vector(col));
    return validity == nullptr || duckdb_validity_row_is_valid(validity, row);
  }

  template <typename T>
  T Get(int col, idx_t row) const {
    return static_cast<const T*>(duckdb_vector_get_data(Vector(col)))[row];
  }

  std::string String(int col, idx_t row) const {
    duckdb_string_t s = Get<duckdb_string_t>(col, row);
    if (duckdb_string_is_inlined(s))
      return std::string(s.value.inlined.inlined, s.value.inlined.length);
    return std::string(s.value.pointer.ptr, s.value.pointer.length);
  }

  // The unscaled value of a decimal cell, read in DuckDB's physical width
  // for the column's precision (int16 up to 4 digits, int32 up to 9, int64
  // up to 18, hugeint beyond).
  __int128 Decimal(int col, idx_t row) const {
    int p = schema_[col].type.precision;
    if (p <= 4) return Get<int16_t>(col, row);
    if (p <= 9) return Get<int32_t>(col, row);
    if (p <= 18) return Get<int64_t>(col, row);
    duckdb_hugeint h = Get<duckdb_hugeint>(col, row);
    return static_cast<__int128>(h.upper) * (static_cast<__int128>(1) << 64) +
           static_cast<__int128>(h.lower);
  }

 private:
  duckdb_vector Vector(int col) const { return duckdb_data_chunk_get_vector(chunk_, col); }

  Schema schema_;
  duckdb_data_chunk chunk_;
  std::unique_ptr<ChunkWriter> writer_;
};

// One target column "c" of the given type, fed from source column 0. Every
// feed starts a fresh row slot, so a value an earlier feed left behind can
// never pass for the one under test.
class OneColumn {
 public:
  explicit OneColumn(std::string_view type)
      : chunk_(Schema{{"c", Type(type)}}), conv_(chunk_.schema(), {0}) {}

  OneColumn& Null() {
    Begin();
    conv_.Null(0);
    return *this;
  }
  OneColumn& Int(int64_t v) {
    Begin();
    conv_.Int(0, v);
    return *this;
  }
  OneColumn& UInt(uint64_t v) {
    Begin();
    conv_.UInt(0, v);
    return *this;
  }
  OneColumn& Double(double v) {
    Begin();
    conv_.Double(0, v);
    return *this;
  }
  OneColumn& Text(std::string_view v) {
    Begin();
    conv_.Text(0, v);
    return *this;
  }
  OneColumn& Blob(std::string_view v) {
    Begin();
    conv_.Blob(0, v);
    return *this;
  }

  // The Take* calls: true when the converter stored the value as it is.
  bool TakeDate(int32_t days) {
    Begin();
    return conv_.TakeDate(0, days);
  }
  bool TakeTimestamp(int64_t micros) {
    Begin();
    return conv_.TakeTimestamp(0, micros);
  }
  bool TakeDecimal(__int128 unscaled, int scale) {
    Begin();
    return conv_.TakeDecimal(0, unscaled, scale);
  }

  // "" when the value was accepted, else why it was not.
  std::string Reason() const { return conv_.dirty() ? conv_.dirty()->reason : ""; }
  const std::optional<DirtyValue>& dirty() const { return conv_.dirty(); }

  bool valid() const { return chunk_.Valid(0, row_); }
  template <typename T>
  T Get() const {
    return chunk_.Get<T>(0, row_);
  }
  std::string String() const { return chunk_.String(0, row_); }
  __int128 Decimal() const { return chunk_.Decimal(0, row_); }

 private:
  void Begin() {
    row_ = next_row_++;
    conv_.BeginRow(chunk_.writer(), row_);
  }

  Chunk chunk_;
  RowConverter conv_;
  idx_t row_ = 0;
  idx_t next_row_ = 0;
};

}  // namespace strata::test
