#pragma once
// ColumnType is a warehouse column type in MaxCompute's vocabulary (the words
// a user writes in DDL: bigint, string, decimal(10,2), datetime ...). It knows
// how to spell itself back in that vocabulary and as the DuckDB type that
// stores it in Parquet. Value type; freely copyable; no shared state.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

enum class TypeId {
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kFloat,
  kDouble,
  kDecimal,  // precision 1..38, scale 0..precision
  kString,   // string; varchar(n) and char(n) keep their length in `length`
  kVarchar,
  kChar,
  kDate,
  kDatetime,   // a wall-clock time: Parquet TIMESTAMP(MICROS, isAdjustedToUTC=false)
  kTimestamp,  // a UTC instant: Parquet TIMESTAMP(MICROS, isAdjustedToUTC=true)
  kBinary,
};

struct ColumnType {
  TypeId id = TypeId::kString;
  int precision = 0;  // kDecimal only
  int scale = 0;      // kDecimal only
  int length = 0;     // kVarchar / kChar only

  // "bigint", "decimal(12,2)", "varchar(50)" ...
  std::string ToMaxCompute() const;
  // "BIGINT", "DECIMAL(12,2)", "VARCHAR", "TIMESTAMP" ...
  std::string ToDuckDB() const;
  bool IsText() const {
    return id == TypeId::kString || id == TypeId::kVarchar || id == TypeId::kChar;
  }
  bool IsInteger() const;
  // kDatetime or kTimestamp: a date and a time of day, as a wall clock or an instant.
  bool IsInstant() const { return id == TypeId::kDatetime || id == TypeId::kTimestamp; }

  friend bool operator==(const ColumnType&, const ColumnType&) = default;
};

// Parses a MaxCompute type name, case-insensitive, spaces allowed inside the
// parentheses ("DECIMAL( 10 , 2 )"). Returns nullopt for anything it does not
// know; `int` and `integer` are the same type.
std::optional<ColumnType> ParseColumnType(std::string_view text);

struct Column {
  std::string name;
  ColumnType type;

  friend bool operator==(const Column&, const Column&) = default;
};

using Schema = std::vector<Column>;

}  // namespace strata
