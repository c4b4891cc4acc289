#include "verify/pg_typed_hash_sql.h"

#include <algorithm>
#include <cctype>

#include "core/ascii_case.h"
#include "core/error.h"

namespace strata {
namespace {

constexpr const char* kUsFrom1970To2000 = "946684800000000";

// Element kinds, each with a DuckDB function of duck_row_hash.h.
enum class Element { kInt, kFloat8, kNumeric, kText };

struct Part {
  Element kind;
  std::string value;         // in the type the kind's hash takes
  std::string pg_hash = "";  // PostgreSQL: the hash function for the value's type
};

// An integer's hash sees one 32-bit word, the high half XOR-ed into the low
// (1 and 2^32 hash alike), so a bigint adds its high half as a part of its
// own, hashed with another seed: every change of it changes the pair.
constexpr int64_t kHighHalfSeed = int64_t{1} << 32;

// The value itself where its type has a hash of the element's kind (int4's
// equals int8's on the same value); a cast otherwise (a domain), which
// resolves to the base type.
Part PostgresPart(const CanonColumn& col) {
  std::string c = QuoteName(SqlDialect::kPostgres, col.name);
  std::string native = AsciiLower(col.native_type);
  const ColumnType& t = col.type;
  if (t.id == TypeId::kFloat || t.id == TypeId::kDouble)
    return {Element::kFloat8, native == "double precision" ? c : "(" + c + ")::float8",
            "hashfloat8extended"};
  if (t.IsInstant()) {
    // The session's time zone is UTC, so timestamptz::timestamp keeps the
    // instant; timestamp_hash_extended hashes its microseconds since 2000.
    bool plain = native == "timestamp" || native.ends_with("without time zone");
    if (native.starts_with("timestamp"))
      return {Element::kInt, plain ? c : c + "::timestamp", "timestamp_hash_extended"};
    return {Element::kInt,
            "((extract(epoch from " + c + ") * 1000000)::bigint - " + kUsFrom1970To2000 + ")",
            "hashint8extended"};
  }
  if (t.id == TypeId::kDate)
    return {Element::kInt, "((" + c + ")::date - date '2000-01-01')", "hashint4extended"};
  if (t.id == TypeId::kBoolean) return {Element::kInt, "(" + c + ")::int", "hashint4extended"};
  if (t.id == TypeId::kDecimal)
    return {Element::kNumeric, native.starts_with("numeric") ? c : "(" + c + ")::numeric",
            "hash_numeric_extended"};
  if (t.IsInteger()) {
    if (native == "smallint") return {Element::kInt, c, "hashint2extended"};
    if (native == "integer") return {Element::kInt, c, "hashint4extended"};
    std::string v = native == "bigint" ? c : "(" + c + ")::int8";
    return {Element::kInt, v, "hashint8extended"};
  }
  return {Element::kText, "(" + CanonicalSql(SqlDialect::kPostgres, col) + ") COLLATE \"C\"",
          "hashtextextended"};
}

Part DuckPart(const CanonColumn& col) {
  std::string c = QuoteName(SqlDialect::kDuckDb, col.name);
  const ColumnType& t = col.type;
  if (t.id == TypeId::kFloat || t.id == TypeId::kDouble)
    return {Element::kFloat8, "CAST(" + c + " AS DOUBLE)"};
  if (t.IsInstant()) return {Element::kInt, "(epoch_us(" + c + ") - " + kUsFrom1970To2000 + ")"};
  if (t.id == TypeId::kDate)
    return {Element::kInt, "date_diff('day', DATE '2000-01-01', " + c + ")"};
  if (t.id == TypeId::kDecimal) return {Element::kNumeric, "CAST(" + c + " AS VARCHAR)"};
  if (t.IsInteger() || t.id == TypeId::kBoolean)
    return {Element::kInt, "CAST(" + c + " AS BIGINT)"};
  return {Element::kText, CanonicalSql(SqlDialect::kDuckDb, col)};
}

// PostgreSQL: a column's hash; NULL for NULL.
std::string PostgresHash(const Part& part, int64_t seed) {
  std::string s = std::to_string(seed);
  if (part.kind == Element::kNumeric)
    s = "CASE WHEN " + part.value + " < 0 THEN -" + s + " ELSE " + s + " END";
  return part.pg_hash + "(" + part.value + ", " + s + ")";
}

const char* DuckFunction(Element e) {
  switch (e) {
    case Element::kInt: return "strata_pg_xor_int";
    case Element::kFloat8: return "strata_pg_xor_float8";
    case Element::kNumeric: return "strata_pg_xor_numeric";
    case Element::kText: return "strata_pg_xor_text";
  }
  return "";
}

}  // namespace

std::string PgTypedHashSql(SqlDialect d, const std::vector<CanonColumn>& columns) {
  if (d != SqlDialect::kPostgres && d != SqlDialect::kDuckDb)
    throw Error("the PostgreSQL typed hash is for PostgreSQL and DuckDB");
  std::string pg, duck = "CAST(0 AS BIGINT)";
  auto add = [&](const Part& part, int64_t seed) {
    if (d == SqlDialect::kPostgres)
      pg += (pg.empty() ? "COALESCE(" : " # COALESCE(") + PostgresHash(part, seed) + ", 0)";
    else
      duck = std::string(DuckFunction(part.kind)) + "(" + duck + ", " + part.value + ", " +
             std::to_string(seed) + ")";
  };
  for (size_t k = 0; k < columns.size(); ++k) {
    Part part = d == SqlDialect::kPostgres ? PostgresPart(columns[k]) : DuckPart(columns[k]);
    int64_t seed = static_cast<int64_t>(k) + 1;
    add(part, seed);
    if (columns[k].type.id == TypeId::kBigInt)
      add({Element::kInt, "(" + part.value + " >> 32)", "hashint8extended"}, seed + kHighHalfSeed);
  }
  return d == SqlDialect::kPostgres ? "(" + pg + ")" : duck;
}

}  // namespace strata
