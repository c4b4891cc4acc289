#pragma once
// MysqlRowImage decodes the row images of binlog ROWS events (WRITE, UPDATE,
// DELETE; binlog_row_image=FULL) of one table into values shaped exactly as
// the snapshot reader (mysql_split_reader.h) delivers the same columns over
// the text protocol: integers as Int/UInt by signedness, BIT as UInt,
// FLOAT/DOUBLE as Double, DECIMAL/DATE/DATETIME/TIMESTAMP (UTC)/TIME as the
// server's text (same digits, same fraction width), YEAR as Int, ENUM/SET as
// their labels, CHAR without trailing spaces, BINARY(n) padded with zero
// bytes to n, strings as Text and binary strings as Blob.
//
// The columns come from the TABLE_MAP event (types and metadata, parsed by
// ParseMysqlTableMap) plus what the table's schema says (the kind the
// snapshot reader would give the column, ENUM/SET labels). Character sets:
// latin1 text is converted to UTF-8 as the server converts it; other bytes
// are passed on as they are, so the caller accepts only columns whose
// character set stores text as UTF-8 bytes (utf8mb4, utf8mb3, ascii) or latin1.
// Pure code over byte buffers; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "source/mysql/mysql_type_map.h"
#include "source/source.h"

namespace strata {

// One column as the binlog logs it.
struct MysqlLoggedColumn {
  uint8_t type = 0;                             // MYSQL_TYPE_*; for CHAR/ENUM/SET the real type
  uint32_t meta = 0;                            // length, precision, fsp … as the type needs
  uint32_t meta2 = 0;                           // DECIMAL scale; BIT's whole bytes
  MysqlValueKind kind = MysqlValueKind::kText;  // as the snapshot reader has it
  std::vector<std::string> labels;              // ENUM/SET, in definition order
  bool latin1 = false;                          // text stored in latin1, delivered as UTF-8
};

// The columns of a TABLE_MAP event: `types` one byte per column, `metadata`
// the packed per-type metadata. Kinds and labels are left for the caller.
// Throws Error naming `table` when the metadata is short or a type unknown.
std::vector<MysqlLoggedColumn> ParseMysqlTableMap(std::string_view types, std::string_view metadata,
                                                  const std::string& table);

// A decoded value, owned (row images are buffered until their commit).
struct MysqlLoggedValue {
  enum class Shape : uint8_t { kNull, kInt, kUInt, kDouble, kText, kBlob } shape = Shape::kNull;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  std::string s{};
  // Hands the value to `sink` as column `col`.
  void Deliver(int col, ValueSink& sink) const;
  // The value as text, for dirty-data records.
  std::string Text() const;
  // The same shape and value, exactly (doubles by their bits, strings by their bytes).
  bool SameAs(const MysqlLoggedValue& other) const;
};
using MysqlLoggedRow = std::vector<MysqlLoggedValue>;

// Reads the row images of one ROWS event's data, one after the other (an
// UPDATE has two per row: before, then after). Every column must be present
// (binlog_row_image=FULL). Views `columns` and `data`: both must outlive it.
class MysqlRowImageReader {
 public:
  MysqlRowImageReader(const std::vector<MysqlLoggedColumn>& columns, std::string_view data,
                      bool zero_date_as_null, std::string table);
  bool AtEnd() const { return pos_ >= data_.size(); }
  // Decodes the next image; throws Error naming the table if the data is short.
  MysqlLoggedRow Read();

 private:
  MysqlLoggedValue ReadValue(const MysqlLoggedColumn& c);
  // An integer of n bytes, signed or not as the column is.
  MysqlLoggedValue ReadInteger(const MysqlLoggedColumn& c, size_t n);
  // DATE, DATETIME, TIMESTAMP, TIME (old and fractional forms) as text.
  std::string ReadTemporal(const MysqlLoggedColumn& c);
  std::string Time2Text(uint32_t fsp);
  std::string_view Take(size_t n);
  uint64_t LittleEndian(size_t n);
  uint64_t BigEndian(size_t n);

  const std::vector<MysqlLoggedColumn>& columns_;
  std::string_view data_;
  size_t pos_ = 0;
  bool zero_date_as_null_;
  std::string table_;
};

// Binary DECIMAL(precision, scale) bytes as the server writes the value as
// text ("-12.50", "0.000001"); exposed for tests.
std::string MysqlDecimalText(std::string_view bytes, int precision, int scale);
// Bytes a binary DECIMAL(precision, scale) takes.
size_t MysqlDecimalSize(int precision, int scale);
// Bytes a group of `digits` (0..9) decimal digits takes in a binary DECIMAL.
int MysqlDecimalGroupBytes(int digits);

}  // namespace strata
