#include "verify/canonical_sql.h"

#include <algorithm>
#include <cctype>

#include "core/ascii_case.h"
#include "core/error.h"
#include "core/names.h"
#include "source/mysql/mysql_type_map.h"

namespace strata {
namespace {

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string Concat(SqlDialect d, const std::vector<std::string>& parts) {
  std::string out;
  if (d == SqlDialect::kMysql) {
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return "CONCAT(" + out + ")";
  }
  for (const auto& p : parts) out += (out.empty() ? "(" : " || ") + p;
  return out + ")";
}

std::string Pow2(SqlDialect d, const std::string& exponent) {
  return d == SqlDialect::kPostgres ? "power(2::float8, " + exponent + ")"
                                    : "POW(2, " + exponent + ")";
}

std::string IntText(SqlDialect d, const std::string& v) {
  switch (d) {
    case SqlDialect::kMysql: return "CAST(CAST(" + v + " AS SIGNED) AS CHAR)";
    case SqlDialect::kPostgres: return "(" + v + ")::bigint::text";
    case SqlDialect::kSqlite: return "CAST(CAST(" + v + " AS INTEGER) AS TEXT)";
    case SqlDialect::kDuckDb: return "CAST(CAST(" + v + " AS BIGINT) AS VARCHAR)";
  }
  return v;
}

// A double `x` exactly: sign, integer mantissa m and exponent e with
// |x| = m * 2^(e-52), e the binary exponent clamped to [-1022, 1023]. Only
// operations every dialect does exactly (powers of two, division by them,
// comparisons) decide the text; log2 is only a first guess that the
// comparisons correct.
std::string DoubleSql(SqlDialect d, const std::string& x) {
  std::string a = "ABS(" + x + ")";
  std::string log2 =
      d == SqlDialect::kPostgres ? "(ln(" + a + ") / ln(2::float8))" : "LOG2(" + a + ")";
  std::string e0 = "LEAST(GREATEST(FLOOR(" + log2 + "), -1022), 1023)";
  std::string e = "(" + e0 + " - CASE WHEN " + e0 + " > -1022 AND " + a + " < " + Pow2(d, e0) +
                  " THEN 1 ELSE 0 END + CASE WHEN " + e0 + " < 1023 AND " + a +
                  " >= " + Pow2(d, e0 + " + 1") + " THEN 1 ELSE 0 END)";
  std::string m = "(" + a + " / " + Pow2(d, e + " - 52") + ")";
  std::string special;
  if (d == SqlDialect::kPostgres)
    special = " WHEN " + x + " = 'NaN'::float8 THEN 'nan' WHEN " + x +
              " = 'Infinity'::float8 THEN 'inf' WHEN " + x + " = '-Infinity'::float8 THEN '-inf'";
  if (d == SqlDialect::kDuckDb)
    special = " WHEN isnan(" + x + ") THEN 'nan' WHEN isinf(" + x + ") AND " + x +
              " > 0 THEN 'inf' WHEN isinf(" + x + ") THEN '-inf'";
  std::string sign = "CASE WHEN " + x + " < 0 THEN '-' ELSE '' END";
  return "CASE WHEN " + x + " IS NULL THEN NULL" + special + " WHEN " + x + " = 0 THEN '0' ELSE " +
         Concat(d, {sign, IntText(d, m), "'p'", IntText(d, e)}) + " END";
}

std::string BoolSql(const std::string& c) {
  return "CASE WHEN " + c + " IS NULL THEN NULL WHEN " + c + " THEN '1' ELSE '0' END";
}

bool IsFloating(const ColumnType& t) {
  return t.id == TypeId::kFloat || t.id == TypeId::kDouble;
}
// Numbers stay numbers: CONCAT and LENGTH print them in decimal, and every
// CAST or CONVERT around a value costs the server measurably per row.
std::string MysqlCanonical(const CanonColumn& col) {
  std::string c = QuoteName(SqlDialect::kMysql, col.name);
  std::string native = AsciiLower(col.native_type);
  // BIT and YEAR are stored as the numbers they hold.
  if (StartsWith(native, "bit") || StartsWith(native, "year")) return "(" + c + " + 0)";
  const ColumnType& t = col.type;
  if (IsFloating(t)) return DoubleSql(SqlDialect::kMysql, "CAST(" + c + " AS DOUBLE)");
  if (t.IsInstant()) return "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + c + ")";
  if (t.id == TypeId::kDate) return "DATE_FORMAT(" + c + ", '%Y-%m-%d')";
  if (t.id == TypeId::kBinary) return "LOWER(HEX(" + c + "))";
  if (t.id == TypeId::kBoolean) return BoolSql(c);
  if (t.IsInteger() || t.id == TypeId::kDecimal) return c;
  // Text in utf8mb4 (its bytes are what the row hash hashes), whatever the column's character set.
  return "CONVERT(" + c + " USING utf8mb4)";
}

// The text PostgreSQL's output function prints (format, unlike ::text, keeps
// char(n)'s padding); NULL stays NULL, which format would make ''.
std::string PgOutputText(const std::string& c) {
  return "CASE WHEN " + c + " IS NULL THEN NULL ELSE format('%s', " + c + ") END";
}

std::string PostgresCanonical(const CanonColumn& col) {
  std::string c = QuoteName(SqlDialect::kPostgres, col.name);
  const ColumnType& t = col.type;
  if (IsFloating(t)) return DoubleSql(SqlDialect::kPostgres, "(" + c + ")::float8");
  if (t.IsInstant()) return "(extract(epoch from " + c + ") * 1000000)::bigint::text";
  if (t.id == TypeId::kDate) return c + "::text";
  if (t.id == TypeId::kBinary) return "encode(" + c + ", 'hex')";
  if (t.id == TypeId::kBoolean) return BoolSql(c);
  if (t.id == TypeId::kDecimal) return "round(" + c + ", " + std::to_string(t.scale) + ")::text";
  if (t.IsInteger()) return c + "::text";
  // As the sync selects it: arrays as JSON, char(n) as its output function
  // prints it (padded, unlike ::text), everything else ::text (inet's ::text
  // keeps the netmask its output omits).
  std::string native = AsciiLower(col.native_type);
  if (native.ends_with("]")) return "array_to_json(" + c + ")::text";
  if (native == "bpchar" || native == "character" || StartsWith(native, "character("))
    return PgOutputText(c);
  return c + "::text";
}

// SQLite values compare as stored; the functions are the SQLite source's
// (sqlite_verify_functions.h). Dates, times and decimals are stored in many
// spellings there: the functions convert them as the sync does.
std::string SqliteCanonical(const CanonColumn& col) {
  std::string c = QuoteName(SqlDialect::kSqlite, col.name);
  const ColumnType& t = col.type;
  if (IsFloating(t)) return "strata_double_text(" + c + ")";
  if (t.id == TypeId::kDate) return "strata_date_text(" + c + ")";
  if (t.IsInstant()) return "strata_datetime_micros(" + c + ")";
  if (t.id == TypeId::kDecimal)
    return "strata_decimal_text(" + c + ", " + std::to_string(t.precision) + ", " +
           std::to_string(t.scale) + ")";
  // hex(NULL) is '' in SQLite.
  if (t.id == TypeId::kBinary)
    return "CASE WHEN " + c + " IS NULL THEN NULL ELSE lower(hex(" + c + ")) END";
  if (t.id == TypeId::kBoolean) return BoolSql(c);
  if (t.IsInteger() || t.IsText()) return "CAST(" + c + " AS TEXT)";
  throw Error(
      "verify compares SQLite columns of integer, text, real, blob, boolean, date, datetime"
      " and decimal types;"
      " column '" +
      col.name + "' is " + (col.native_type.empty() ? "untyped" : col.native_type) +
      " (leave it out with the node's columns, or compare another way)");
}

std::string DuckCanonical(const CanonColumn& col) {
  std::string c = QuoteName(SqlDialect::kDuckDb, col.name);
  const ColumnType& t = col.type;
  if (IsFloating(t)) return DoubleSql(SqlDialect::kDuckDb, "CAST(" + c + " AS DOUBLE)");
  if (t.IsInstant()) return "CAST(epoch_us(" + c + ") AS VARCHAR)";
  if (t.id == TypeId::kBinary) return "lower(hex(" + c + "))";
  if (t.id == TypeId::kBoolean) return BoolSql(c);
  return "CAST(" + c + " AS VARCHAR)";
}

}  // namespace

SqlDialect ParseSqlDialect(const std::string& name) {
  if (name == "mysql") return SqlDialect::kMysql;
  if (name == "postgres") return SqlDialect::kPostgres;
  if (name == "sqlite") return SqlDialect::kSqlite;
  throw Error("verify supports mysql, mariadb, postgres and sqlite sources, not '" +
              (name.empty() ? std::string("this one") : name) + "'");
}

std::string QuoteName(SqlDialect d, const std::string& name) {
  return d == SqlDialect::kMysql ? QuoteMysqlIdentifier(name) : QuoteIdentifier(name);
}

std::string QuoteText(SqlDialect d, const std::string& text) {
  if (d != SqlDialect::kMysql) return QuoteLiteral(text);
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'' || ch == '\\') out += ch;
    out += ch;
  }
  return out + "'";
}

std::string CanonicalSql(SqlDialect d, const CanonColumn& c) {
  switch (d) {
    case SqlDialect::kMysql: return MysqlCanonical(c);
    case SqlDialect::kPostgres: return PostgresCanonical(c);
    case SqlDialect::kSqlite: return SqliteCanonical(c);
    case SqlDialect::kDuckDb: return DuckCanonical(c);
  }
  return "";
}

std::string DisplaySql(SqlDialect d, const CanonColumn& c) {
  std::string q = QuoteName(d, c.name);
  if (c.type.id == TypeId::kBinary) return CanonicalSql(d, c);
  switch (d) {
    case SqlDialect::kMysql: return "CONVERT(CAST(" + q + " AS CHAR) USING utf8mb4)";
    case SqlDialect::kPostgres: return PgOutputText(q);
    case SqlDialect::kSqlite: return "CAST(" + q + " AS TEXT)";
    case SqlDialect::kDuckDb: return "CAST(" + q + " AS VARCHAR)";
  }
  return q;
}

std::string TupleSql(SqlDialect d, const std::vector<CanonColumn>& columns) {
  std::vector<std::string> parts;
  for (const auto& col : columns) {
    std::string c = CanonicalSql(d, col);
    // Only strings need their length: every other canonical text is free of
    // ';'. Both sides decide by the warehouse type, so they decide alike.
    std::string part;
    if (!col.type.IsText()) {
      part = Concat(d, {c, "';'"});
    } else {
      std::string len = d == SqlDialect::kMysql      ? "LENGTH(" + c + ")"
                        : d == SqlDialect::kPostgres ? "octet_length(" + c + ")::text"
                        : d == SqlDialect::kSqlite ? "CAST(length(CAST(" + c + " AS BLOB)) AS TEXT)"
                                                   : "CAST(strlen(" + c + ") AS VARCHAR)";
      part = Concat(d, {len, "':'", c});
    }
    parts.push_back("COALESCE(" + part + ", '~')");
  }
  return Concat(d, parts);
}

std::string Md5Sql(SqlDialect d, const std::string& text) {
  // SQLite has no md5: strata registers one (RegisterSqliteVerifyFunctions).
  const char* md5 = d == SqlDialect::kMysql    ? "MD5("
                    : d == SqlDialect::kSqlite ? "strata_md5("
                                               : "md5(";
  return md5 + text + ")";
}

std::string RowHashSql(SqlDialect d, RowHash h, const std::string& text) {
  if (h == RowHash::kMd5) {
    std::string hex = "LEFT(" + Md5Sql(d, text) + ", 15)";
    switch (d) {
      case SqlDialect::kMysql: return "CAST(CONV(" + hex + ", 16, 10) AS UNSIGNED)";
      case SqlDialect::kPostgres: return "('x' || lpad(" + hex + ", 16, '0'))::bit(64)::bigint";
      case SqlDialect::kSqlite: break;  // SQLite's rows sum kLookup3 hashes
      case SqlDialect::kDuckDb: return "CAST('0x' || " + hex + " AS BIGINT)";
    }
  }
  if (d == SqlDialect::kSqlite) return "strata_pg_hash(" + text + ")";  // kLookup3
  if (d == SqlDialect::kDuckDb)
    return (h == RowHash::kLookup3 ? "strata_pg_hash(" : "strata_crc32_crc32c(") + text + ")";
  if (h == RowHash::kLookup3) return "hashtextextended((" + text + ") COLLATE \"C\", 0)";
  // MariaDB evaluates the operands left to right, so CRC32C reads the text
  // CRC32 just stored; building it twice would cost more than md5 did.
  return "((CRC32(@strata_row := " + text + ") << 32) | CRC32C(@strata_row))";
}

std::string SumSql(SqlDialect d, const std::string& value) {
  return (d == SqlDialect::kSqlite ? "strata_sum(" : "SUM(") + value + ")";
}

std::string LeftSql(SqlDialect d, const std::string& text, int n) {
  if (d == SqlDialect::kSqlite) return "substr(" + text + ", 1, " + std::to_string(n) + ")";
  return (d == SqlDialect::kMysql ? "LEFT(" : "left(") + text + ", " + std::to_string(n) + ")";
}

}  // namespace strata
