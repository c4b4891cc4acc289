// CRC-32 and CRC-32C against their published check values, at every length
// around the 8-byte blocks the fast path reads; and the DuckDB functions of
// verify/duck_row_hash.h against the C++ functions they wrap (NULL stays NULL).

#include "core/hash/crc32.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/hash/lookup3_hash.h"
#include "verify/duck_row_hash.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {
namespace {

// Bit by bit, the definition: the reference the table-driven code must equal.
uint32_t Slow(const std::string& s, uint32_t poly) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char ch : s) {
    crc ^= ch;
    for (int i = 0; i < 8; ++i) crc = (crc & 1) ? (crc >> 1) ^ poly : crc >> 1;
  }
  return ~crc;
}

TEST(Crc32, CheckValuesAndEveryLengthAroundTheBlocks) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32(""), 0u);
  std::string s;
  for (int len = 0; len < 40; ++len) {
    EXPECT_EQ(Crc32(s), Slow(s, 0xEDB88320u)) << len;
    EXPECT_EQ(Crc32c(s), Slow(s, 0x82F63B78u)) << len;
    s += static_cast<char>(len * 37 + 200);
  }
}

TEST(Crc32, DuckDbRowHashFunctionsWrapTheCppOnes) {
  DuckEngine duck;
  RegisterRowHashFunctions(duck);
  QueryResult r = duck.Query(
      "SELECT strata_crc32_crc32c('123456789'), strata_pg_hash('a longer text than twelve'),"
      " strata_crc32_crc32c(NULL), strata_pg_hash(NULL)");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], std::to_string((uint64_t{0xCBF43926u} << 32) | 0xE3069283u));
  EXPECT_EQ(r.rows[0][1], std::to_string(Lookup3Hash64("a longer text than twelve")));
  EXPECT_FALSE(r.rows[0][2].has_value());
  EXPECT_FALSE(r.rows[0][3].has_value());
}

TEST(Crc32, MariaDbRowCrcIsTheCrcOfTheRecordAndRefusesBadLayouts) {
  DuckEngine duck;
  RegisterRowHashFunctions(duck);
  // Null bits 0xFE, then the int 1 in four bytes and 'ab' (a NULL adds nothing).
  QueryResult r = duck.Query(
      "SELECT strata_my_row_crc('0.1.0,0.4.0,9.0.0,9.0.0', CAST(254 AS BIGINT),"
      " CAST(1 AS BIGINT), 'ab', CAST(NULL AS VARCHAR))");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], std::to_string(Crc32(std::string("\xFE\x01\x00\x00\x00"
                                                           "ab",
                                                           7))));
  for (const char* layout : {"15.0.0", "0.9.0", "0.99999999999.0", "0.1.0,0.1.0", "x"})
    EXPECT_THROW(
        duck.Query(std::string("SELECT strata_my_row_crc('") + layout + "', CAST(1 AS BIGINT))"),
        Error)
        << layout;
}

}  // namespace
}  // namespace strata
