#pragma once
// How MySQL/MariaDB column types meet the warehouse (the table is in
// docs/sources/mysql.md). Promises: every type maps to a warehouse type that
// holds all its values exactly (UNSIGNED widened, DECIMAL beyond 38 digits and
// TIME kept as their exact text); the reader learns from a result column's
// metadata in which shape to deliver its values. Pure functions; thread-safe.

#include <mysql.h>

#include <string>
#include <string_view>

#include "core/column_type.h"

namespace strata {

// A column type as information_schema.COLUMNS.COLUMN_TYPE spells it, split up:
// "int(10) unsigned" -> {base "int", args "10", is_unsigned}.
struct MysqlType {
  std::string base;  // lower case: "int", "decimal", "varchar", "enum" ...
  std::string args;  // inside the parentheses, "" if none
  bool is_unsigned = false;
};
MysqlType ParseMysqlType(std::string_view column_type);

// The warehouse type a new target table gets for a column of this type.
ColumnType MysqlTypeToWarehouse(std::string_view column_type);

// A result column's type spelled the way COLUMN_TYPE would ("int unsigned",
// "decimal(12,2)", "varbinary", "bit(5)"), from its metadata; for queries.
std::string MysqlFieldTypeName(const MYSQL_FIELD& field);

// True for FLOAT: its text form keeps only 6 digits, so readers select
// CAST(col AS DOUBLE) instead, which widens it exactly.
bool MysqlNeedsDoubleCast(std::string_view column_type);

// In which shape a reader hands a result column's values to a ValueSink.
enum class MysqlValueKind {
  kSigned,    // integer text -> Int
  kUnsigned,  // integer text -> UInt
  kBit,       // big-endian bytes -> UInt
  kDouble,    // shortest round-trip text -> Double
  kDate,      // DATE/DATETIME/TIMESTAMP text -> Text, zero dates checked first
  kText,      // DECIMAL, TIME, strings, ENUM, SET, JSON -> Text
  kBinary,    // BINARY/VARBINARY/BLOB/geometry bytes -> Blob
};
MysqlValueKind MysqlFieldKind(const MYSQL_FIELD& field);

// How a split key of this type is cut into ranges.
enum class MysqlKeyKind {
  kInteger,       // min/max ranges (quantiles past the int64 range)
  kNumber,        // DECIMAL, FLOAT, DOUBLE: quantiles, bounds as numeric literals
  kTemporal,      // DATE, DATETIME, TIMESTAMP, TIME: quantiles, quoted literals
  kText,          // CHAR/VARCHAR/TEXT: quantiles, literals in the column's collation
  kBinary,        // BINARY/VARBINARY/BLOB: quantiles, hex literals
  kUnsplittable,  // ENUM, SET, BIT, JSON, geometry
};
MysqlKeyKind MysqlSplitKeyKind(std::string_view column_type);

// `name` quoted for MySQL: `a``b`.
std::string QuoteMysqlIdentifier(std::string_view name);

}  // namespace strata
