// The row hashes verify computes on the warehouse side (core/hash, through
// the DuckDB functions of verify/duck_row_hash.h) equal what the real
// servers compute for the same bytes: PostgreSQL's hashtextextended and
// MariaDB's CRC32 / CRC32C, and RowHashSql's spellings of every row hash
// (md5 too) on each side, on the empty text, every length from 1 to 100
// bytes, multi-byte UTF-8 and long texts.

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

}  // namespace
}  // namespace strata::test
