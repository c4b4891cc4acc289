#pragma once
// The canonical text of a value, written as SQL in each dialect verify
// speaks: MariaDB/MySQL, PostgreSQL and SQLite (the sources, which hash
// their own rows) and DuckDB (the warehouse). SQLite columns are compared
// when their warehouse type is an integer, a string, a double, binary or
// boolean (CanonicalSql throws Error naming any other). For every type of the sources' type maps
// the three spellings produce the same text for the same value, so checksums
// over that text agree exactly when the values do. docs/verify.md is the
// contract; in short: integers and decimals in decimal (decimals with the
// column's scale), doubles and floats exactly as sign, 53-bit integer
// mantissa and binary exponent ("-4503599627370497p-52"), date/time instants
// as microseconds since 1970-01-01 UTC, dates yyyy-mm-dd, booleans 0/1,
// bytes as lower-case hex, strings as they are, NULL as no text at all.
// Pure functions; thread-safe.

#include <string>
#include <vector>

#include "core/column_type.h"

namespace strata {

enum class SqlDialect { kMysql, kPostgres, kSqlite, kDuckDb };

// "mysql", "postgres" or "sqlite" (Source::SqlDialect); throws Error for
// anything else.
SqlDialect ParseSqlDialect(const std::string& name);

// One column as one side reads it.
struct CanonColumn {
  std::string name;         // on this side
  std::string native_type;  // the source's own spelling ("bit(10)", "integer[]"); "" in DuckDB
  ColumnType type;          // the warehouse column type the value is stored as
};

// `name` quoted as an identifier of `d`.
std::string QuoteName(SqlDialect d, const std::string& name);
// A string literal of `d` (the text strata puts in: hex digits, partition values).
std::string QuoteText(SqlDialect d, const std::string& text);

// The canonical text of column `c` (NULL stays NULL).
std::string CanonicalSql(SqlDialect d, const CanonColumn& c);
// The value as the side itself prints it, for people to read.
std::string DisplaySql(SqlDialect d, const CanonColumn& c);
// One text for the canonical texts of `columns`: a string-typed value as
// "<bytes>:<text>", any other as "<text>;" (those texts never hold ';' or
// '~'), NULL as "~", concatenated. Unambiguous for a fixed column list, so
// equal tuples and only they give equal text.
std::string TupleSql(SqlDialect d, const std::vector<CanonColumn>& columns);
// md5 of `text` as 32 lower-case hex digits (SQLite has none: throws Error).
std::string Md5Sql(SqlDialect d, const std::string& text);
// The row hash verify sums: one the source's server computes cheaply from
// the canonical row text, that DuckDB computes alike (duck_row_hash.h):
//  - kCrcPair (MariaDB >= 10.8): (CRC32(text) << 32) | CRC32C(text),
//    unsigned 64 bits; the text is built once, into a session variable;
//  - kLookup3 (PostgreSQL): hashtextextended(text COLLATE "C", 0), signed
//    64 bits; SQLite computes the same with a function strata registers;
//  - kMd5 (MySQL, MariaDB before 10.8: no CRC32C): the first 15 hex digits
//    of md5(text), 60 bits; it costs the server more than building the text;
//  - kPgTyped (PostgreSQL 11 and later): no row text; PostgreSQL's hashes
//    of the typed values (pg_typed_hash_sql.h), signed 64 bits.
// Sums of any of them stay exact in every dialect's SUM.
enum class RowHash { kCrcPair, kLookup3, kMd5, kPgTyped };

// The row hash `h` (not kPgTyped) of `text` (a canonical row text) in `d`'s
// SQL.
std::string RowHashSql(SqlDialect d, RowHash h, const std::string& text);
// SUM(`value`) of integers, exact, in `d` (SQLite's SUM overflows at 2^63).
std::string SumSql(SqlDialect d, const std::string& value);
// The first `n` characters of `text`.
std::string LeftSql(SqlDialect d, const std::string& text, int n);

}  // namespace strata
