// The row hashes verify computes on the warehouse side (core/hash, through
// the DuckDB functions of verify/duck_row_hash.h) equal what the real
// servers compute for the same bytes: PostgreSQL's hashtextextended and
// MariaDB's CRC32 / CRC32C, and RowHashSql's spellings of every row hash
// (md5 too) on each side, on the empty text, every length from 1 to 100
// bytes, multi-byte UTF-8 and long texts; and PostgreSQL's record hash of
// typed values (pg_typed_hash_sql.h) against DuckDB's, for each element
// kind on values at its edges.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/hash/crc32.h"
#include "core/hash/lookup3_hash.h"
#include "mariadb_server.h"
#include "postgres_server.h"
#include "verify/canonical_sql.h"
#include "verify/duck_row_hash.h"
#include "verify/pg_typed_hash_sql.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata::test {
namespace {

// Valid UTF-8 texts without NUL (what a text column can hold).
std::vector<std::string> Texts() {
  std::vector<std::string> out{"", "a", "é", "日本語", "🙂 emoji", "12;name5:x~"};
  uint64_t x = 12345;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL; };
  const std::vector<std::string> pieces{"a", "Z",  "0", ";", ":", "~",  " ",
                                        "'", "\\", "é", "ß", "€", "日", "🙂"};
  for (int len = 1; len <= 100; ++len) {
    std::string ascii, mixed;
    for (int i = 0; i < len; ++i) ascii += static_cast<char>(' ' + next() % 95);
    while (mixed.size() < static_cast<size_t>(len)) mixed += pieces[next() % pieces.size()];
    out.push_back(ascii);
    out.push_back(mixed);
  }
  for (size_t len : {1000, 4099, 100000}) {
    std::string s;
    while (s.size() < len) s += pieces[next() % pieces.size()];
    out.push_back(s);
  }
  return out;
}

std::string Hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char ch : s) {
    out += digits[ch >> 4];
    out += digits[ch & 15];
  }
  return out;
}

// VALUES rows (i, pre 'hex of text i' post).
std::string Values(const std::vector<std::string>& texts, const std::string& pre,
                   const std::string& post) {
  std::string v;
  for (size_t i = 0; i < texts.size(); ++i)
    v +=
        (i ? ", (" : "(") + std::to_string(i) + ", " + pre + "'" + Hex(texts[i]) + "'" + post + ")";
  return v;
}

// Row hash `h` of each text, as the warehouse side computes it.
std::vector<std::string> DuckHashes(const std::vector<std::string>& texts, RowHash h) {
  DuckEngine duck;
  RegisterRowHashFunctions(duck);
  RegisterRowHashFunctions(duck);  // a second call finds them registered
  std::vector<std::string> out;
  for (const auto& row : duck.Query("SELECT " + RowHashSql(SqlDialect::kDuckDb, h, "s") +
                                    " FROM (SELECT i, decode(unhex(x)) AS s FROM (VALUES " +
                                    Values(texts, "", "") + ") v(i, x)) ORDER BY i")
                             .rows)
    out.push_back(row.at(0).value_or("NULL"));
  return out;
}

TEST(RowHash, PostgresHashtextextendedEqualsLookup3Hash64) {
  PostgresServer server;
  std::vector<std::string> texts = Texts();
  SqlRows rows = server.Query(
      "SELECT hashtextextended(s, 0), hashtextextended(s, 42), " +
      RowHashSql(SqlDialect::kPostgres, RowHash::kLookup3, "s") + ", " +
      RowHashSql(SqlDialect::kPostgres, RowHash::kMd5, "s") + " FROM (VALUES " +
      Values(texts, "convert_from(decode(", ", 'hex'), 'UTF8')") + ") v(i, s) ORDER BY i");
  ASSERT_EQ(rows.size(), texts.size());
  ASSERT_EQ(rows[0].size(), 4u);
  std::vector<std::string> duck = DuckHashes(texts, RowHash::kLookup3);
  std::vector<std::string> duck_md5 = DuckHashes(texts, RowHash::kMd5);
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(rows[i][0].value_or(""), std::to_string(Lookup3Hash64(texts[i])))
        << "text #" << i << " of " << texts[i].size() << " bytes";
    EXPECT_EQ(rows[i][1].value_or(""), std::to_string(Lookup3Hash64(texts[i], 42))) << i;
    EXPECT_EQ(rows[i][2], rows[i][0]) << i;
    EXPECT_EQ(duck[i], rows[i][2].value_or("")) << i;
    EXPECT_EQ(duck_md5[i], rows[i][3].value_or("")) << i;
  }
}

TEST(RowHash, MariadbCrc32AndCrc32cEqualOurs) {
  MariadbServer server;
  std::vector<std::string> texts = Texts();
  std::string relation;
  for (size_t i = 0; i < texts.size(); ++i)
    relation += (i ? " UNION ALL SELECT " : "SELECT ") + std::to_string(i) + " AS i, UNHEX('" +
                Hex(texts[i]) + "') AS s";
  SqlRows rows = server.Query("SELECT CRC32(s), CRC32C(s), " +
                              RowHashSql(SqlDialect::kMysql, RowHash::kCrcPair, "s") + ", " +
                              RowHashSql(SqlDialect::kMysql, RowHash::kMd5, "s") + " FROM (" +
                              relation + ") v ORDER BY i");
  ASSERT_EQ(rows.size(), texts.size());
  ASSERT_EQ(rows[0].size(), 4u);
  std::vector<std::string> duck = DuckHashes(texts, RowHash::kCrcPair);
  std::vector<std::string> duck_md5 = DuckHashes(texts, RowHash::kMd5);
  for (size_t i = 0; i < texts.size(); ++i) {
    uint32_t crc = Crc32(texts[i]), crc_c = Crc32c(texts[i]);
    EXPECT_EQ(rows[i][0].value_or(""), std::to_string(crc)) << i;
    EXPECT_EQ(rows[i][1].value_or(""), std::to_string(crc_c)) << i;
    EXPECT_EQ(rows[i][2].value_or(""), std::to_string((uint64_t{crc} << 32) | crc_c)) << i;
    EXPECT_EQ(duck[i], rows[i][2].value_or("")) << i;
    EXPECT_EQ(duck_md5[i], rows[i][3].value_or("")) << i;
  }
}

// A column of the typed-values test: its PostgreSQL type, its warehouse
// type, and literal values (SQL, NULL included).
struct TypedColumn {
  std::string name, pg_type;
  ColumnType type;
  std::vector<std::string> values;
};

std::vector<TypedColumn> TypedColumns() {
  return {
      {"i2", "smallint", {TypeId::kSmallInt}, {"0", "-1", "32767", "-32768"}},
      {"i4", "integer", {TypeId::kInt}, {"1", "-2147483648", "2147483647", "NULL"}},
      {"i8",
       "bigint",
       {TypeId::kBigInt},
       {"9223372036854775807", "-9223372036854775808", "4294967296", "-4294967297"}},
      {"f8",
       "double precision",
       {TypeId::kDouble},
       {"'-0'", "'NaN'", "'-Infinity'", "4.9e-324", "0.1", "-1.7976931348623157e308"}},
      {"f4", "real", {TypeId::kFloat}, {"0.1", "'Infinity'", "-3.4e38", "0"}},
      {"n12",
       "numeric(12,2)",
       {TypeId::kDecimal, 12, 2},
       {"0", "-0.01", "12.50", "-12.50", "9999999999.99", "10000", "0.5"}},
      {"n20",
       "numeric(20,0)",
       {TypeId::kDecimal, 20, 0},
       {"99999999999999999999", "-1", "100000000", "0"}},
      {"n30",
       "numeric(30,12)",
       {TypeId::kDecimal, 30, 12},
       {"0.000000000001", "-123456789012345678.123456789012", "1.1", "NULL"}},
      {"d",
       "date",
       {TypeId::kDate},
       {"'2000-01-01'", "'1999-12-31'", "'0001-01-01'", "'9999-12-31'"}},
      {"ts",
       "timestamp without time zone",
       {TypeId::kDatetime},
       {"'2000-01-01 00:00:00'", "'1969-12-31 23:59:59.999999'", "'2024-02-29 12:34:56.789012'"}},
      {"tz",
       "timestamp with time zone",
       {TypeId::kTimestamp},
       {"'2000-01-01 00:00:00+00'", "'1900-06-01 12:00:00.000001+00'", "'2038-01-19 03:14:08+00'"}},
      {"bo", "boolean", {TypeId::kBoolean}, {"true", "false", "NULL"}},
      {"bin", "bytea", {TypeId::kBinary}, {"'\\x'", "'\\x00ff10'", "'\\xdeadbeefcafe0102030405'"}},
      {"t", "text", {TypeId::kString}, {"''", "'é日本語🙂'", "'a;b:c~'", "'x  '"}},
      {"v", "character varying(10)", {TypeId::kVarchar, 0, 0, 10}, {"'abc'", "NULL", "' '"}},
      {"c", "character(4)", {TypeId::kString}, {"'ab'", "'abcd'", "NULL"}},
  };
}

TEST(RowHash, PostgresHashesOfTypedValuesEqualDuckDbs) {
  PostgresServer server;
  std::vector<TypedColumn> columns = TypedColumns();
  size_t rows = 0;
  std::string create;
  for (const auto& c : columns) {
    rows = std::max(rows, c.values.size());
    create += ", " + c.name + " " + c.pg_type;
  }
  server.Exec("CREATE TABLE typed (i int PRIMARY KEY" + create + ")");
  for (size_t r = 0; r < rows; ++r) {
    std::string values = std::to_string(r);
    for (const auto& c : columns) values += ", " + c.values[r % c.values.size()];
    server.Exec("INSERT INTO typed VALUES (" + values + ")");
  }
  // Each column alone, then all of them in one record.
  std::vector<std::vector<CanonColumn>> records;
  std::vector<CanonColumn> all;
  for (const auto& c : columns) {
    records.push_back({{c.name, c.pg_type, c.type}});
    all.push_back(records.back().back());
  }
  records.push_back(all);
  auto hashes = [&](SqlDialect d) {
    std::string list;
    for (auto& record : records) {
      if (d == SqlDialect::kDuckDb)
        for (auto& c : record) c.native_type.clear();  // the warehouse side knows no source types
      list += ", " + PgTypedHashSql(d, record);
    }
    return "SELECT i" + list + " FROM typed ORDER BY i";
  };
  SqlRows pg = server.Query(hashes(SqlDialect::kPostgres));
  // The same values into DuckDB as the sync stores them: texts through
  // hex, instants as UTC, bytes as blobs.
  std::string out = "SELECT i";
  for (const auto& c : columns) {
    std::string q = c.name;
    if (c.type.IsText())  // format keeps char(n)'s padding, and makes NULL ''
      q = "CASE WHEN " + q + " IS NOT NULL THEN encode(convert_to(format('%s', " + q +
          "), 'UTF8'), 'hex') END";
    if (c.type.id == TypeId::kBinary) q = "encode(" + q + ", 'hex')";
    if (c.type.id == TypeId::kTimestamp)
      q = "to_char(" + q + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
    out += ", " + q + "::text";
  }
  SqlRows texts = server.Query(out + " FROM typed ORDER BY i");
  DuckEngine duck;
  RegisterRowHashFunctions(duck);
  std::string ddl = "CREATE TABLE typed (i INTEGER";
  for (const auto& c : columns) ddl += ", " + c.name + " " + c.type.ToDuckDB();
  duck.Query(ddl + ")");
  for (const auto& row : texts) {
    std::string values = *row[0];
    for (size_t k = 0; k < columns.size(); ++k) {
      const auto& v = row[k + 1];
      const ColumnType& t = columns[k].type;
      std::string lit = !v ? "NULL" : "'" + *v + "'";
      if (v && t.IsText()) lit = "decode(unhex(" + lit + "))";
      if (v && t.id == TypeId::kBinary) lit = "unhex(" + lit + ")";
      if (v && t.id == TypeId::kTimestamp) lit = "CAST(" + lit + " || '+00' AS TIMESTAMPTZ)";
      values += ", CAST(" + lit + " AS " + t.ToDuckDB() + ")";
    }
    duck.Query("INSERT INTO typed VALUES (" + values + ")");
  }
  std::vector<std::vector<std::optional<std::string>>> dk =
      duck.Query(hashes(SqlDialect::kDuckDb)).rows;
  ASSERT_EQ(pg.size(), rows);
  ASSERT_EQ(dk.size(), rows);
  for (size_t r = 0; r < rows; ++r)
    for (size_t k = 0; k < records.size(); ++k) {
      std::string what = k < columns.size() ? columns[k].name : "the whole row";
      EXPECT_EQ(dk[r][k + 1].value_or("NULL"), pg[r][k + 1].value_or("NULL"))
          << what << " of row " << r << ": "
          << texts[r][std::min(k, columns.size() - 1) + 1].value_or("NULL");
    }
  // The element hashes see what they should: a sign (numeric's own hash
  // does not), both zeros of a double alike, trailing spaces of a text.
  SqlRows same = server.Query(
      "SELECT " +
      PgTypedHashSql(SqlDialect::kPostgres, {{"a", "numeric(5,2)", {TypeId::kDecimal, 5, 2}}}) +
      " = " +
      PgTypedHashSql(SqlDialect::kPostgres, {{"b", "numeric(5,2)", {TypeId::kDecimal, 5, 2}}}) +
      " FROM (VALUES (1.5::numeric(5,2), -1.5::numeric(5,2))) v(a, b)");
  EXPECT_EQ(same.at(0).at(0).value_or(""), "f");
  // A bigint's hash alone folds 2^32 onto 1; the row hash does not.
  CanonColumn a{"a", "bigint", {TypeId::kBigInt}}, b{"b", "bigint", {TypeId::kBigInt}};
  same = server.Query("SELECT " + PgTypedHashSql(SqlDialect::kPostgres, {a}) + " = " +
                      PgTypedHashSql(SqlDialect::kPostgres, {b}) +
                      ", hashint8extended(a, 1) = hashint8extended(b, 1) FROM (VALUES (1::bigint, "
                      "4294967296::bigint)) v(a, b)");
  EXPECT_EQ(same.at(0).at(0).value_or(""), "f");
  EXPECT_EQ(same.at(0).at(1).value_or(""), "t");
}

}  // namespace
}  // namespace strata::test
