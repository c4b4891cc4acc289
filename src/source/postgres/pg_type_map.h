#pragma once
// Maps a PostgreSQL column type (domains already resolved to their base
// type) to the warehouse type a new target table gets, the wire form its
// values arrive in, and the expression strata selects it with. The table in
// docs/sources/postgres.md is the contract; in short: integers, floats,
// boolean, bytea, date, timestamp and timestamptz keep their kind; numeric
// with p <= 38 digits becomes decimal(p,s), wider or unconstrained numeric a
// string of its exact text; arrays become JSON text; every other type becomes
// the string PostgreSQL prints for it. Pure functions; thread-safe.

#include <cstdint>
#include <string>

#include "core/column_type.h"
#include "source/postgres/pg_binary_decoder.h"

namespace strata {

// A column's type as the catalog describes it, after following domains down
// to their base type.
struct PgTypeInfo {
  uint32_t base_oid = 0;      // pg_type.oid of the base type
  int32_t typmod = -1;        // the declared modifier (or the innermost domain's)
  char typtype = 'b';         // pg_type.typtype of the base: b, e (enum), c, r, m, p
  char category = 'U';        // pg_type.typcategory of the base: A for arrays
  std::string declared_type;  // format_type of the column as declared ("money_t", "numeric(10,2)")
  std::string cast_type;      // the declared type without modifier, for casting literals
};

// How strata selects a column so that its value arrives as `wire`.
enum class PgSelect {
  kAsIs,       // the column itself, in its own binary form
  kText,       // column::text, PostgreSQL's own text rendering
  kJsonArray,  // array_to_json(column)::text
};

struct PgColumn {
  std::string name;
  PgTypeInfo type;
  ColumnType warehouse;
  PgWire wire = PgWire::kText;
  PgSelect select = PgSelect::kText;
  bool not_null = false;

  bool IsInteger() const {
    return wire == PgWire::kInt2 || wire == PgWire::kInt4 || wire == PgWire::kInt8;
  }
};

// Fills warehouse, wire and select of a column of type `type`.
PgColumn MapPgColumn(std::string name, const PgTypeInfo& type, bool not_null);

// The SELECT-list expression for `column`, given its quoted reference.
std::string PgSelectExpression(const PgColumn& column, const std::string& quoted_ref);

// decimal(p, s) for numeric's type modifier, or string when the values do not
// fit a decimal(p <= 38) or there is no modifier. A negative scale or one
// above the precision becomes the smallest decimal holding every value
// (numeric(5,-2) -> decimal(7,0), numeric(3,5) -> decimal(5,5)).
ColumnType PgNumericWarehouseType(int32_t typmod);

}  // namespace strata
