// MD5 against the RFC 1321 test suite, and against DuckDB's md5() for texts
// of every length across the padding boundaries (55, 56, 63, 64 bytes and
// two blocks), multi-byte UTF-8 included: SQLite's strata_md5 must bucket
// keys exactly as the warehouse does.

#include "core/hash/md5.h"

#include <gtest/gtest.h>

#include <string>

#include "warehouse/engine/duckdb_engine.h"

namespace strata {
namespace {

TEST(Md5, Rfc1321TestSuite) {
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Md5Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(Md5Hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(Md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(Md5Hex("1234567890123456789012345678901234567890123456789012345678901234567890123456"
                   "7890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(Md5, EqualsDuckDbAtEveryLengthAcrossTheBlocks) {
  DuckEngine duck;
  std::string text;
  for (int n = 0; n <= 200; ++n) {
    std::string sql_text;
    for (char c : text) sql_text += c == '\'' ? std::string("''") : std::string(1, c);
    QueryResult r = duck.Query("SELECT md5('" + sql_text + "')");
    ASSERT_EQ(r.rows.at(0).at(0).value_or(""), Md5Hex(text)) << n << " bytes: " << text;
    text += n % 7 == 3 ? "é" : std::string(1, static_cast<char>('a' + n % 26));
    if (text.size() > 200) break;
  }
}

}  // namespace
}  // namespace strata
