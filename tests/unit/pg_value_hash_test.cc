// PostgreSQL's value hashes as strata computes them: what numeric's hash
// sees and ignores, and bad decimal texts; and the DuckDB functions of
// verify/duck_row_hash.h that fold them into a row hash. (Equality with a
// real server's hashes: tests/integration/row_hash_test.cc.)

#include "core/hash/pg_value_hash.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.h"
#include "verify/duck_row_hash.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {
namespace {

TEST(PgValueHash, NumericHashesTheValueNotItsSpelling) {
  EXPECT_EQ(PgHashNumeric("12.50", 6), PgHashNumeric("12.5", 6));
  EXPECT_EQ(PgHashNumeric("0012.5000", 6), PgHashNumeric("12.5", 6));
  EXPECT_EQ(PgHashNumeric("-12.5", 6), PgHashNumeric("12.5", 6));  // no sign
  EXPECT_NE(PgHashNumeric("12.5", 6), PgHashNumeric("125", 6));
  EXPECT_NE(PgHashNumeric("10000", 6), PgHashNumeric("1", 6));  // the weight
  EXPECT_NE(PgHashNumeric("12.5", 6), PgHashNumeric("12.5", 7));
  EXPECT_EQ(PgHashNumeric("0.00", 6), 5u);  // zero: the seed minus one
  EXPECT_EQ(PgHashNumeric("-0", 0), ~uint64_t{0});
}

TEST(PgValueHash, NumericRejectsWhatIsNotADecimal) {
  for (std::string bad : {"", "-", ".5", "1e5", "12.5.1", "1 2", "+1"})
    EXPECT_THROW(PgHashNumeric(bad, 1), Error) << bad;
  EXPECT_THROW(PgHashNumeric(std::string(300, '9'), 1), Error);
  for (std::string good :
       {std::string("0"), std::string("-0.5"), std::string("5."), std::string(200, '9')})
    EXPECT_NO_THROW(PgHashNumeric(good, 1)) << good;
}

TEST(PgValueHash, DoubleZerosAndNaNsHashAlike) {
  EXPECT_EQ(PgHashFloat8(0.0, 9), 9u);
  EXPECT_EQ(PgHashFloat8(-0.0, 9), 9u);
  EXPECT_EQ(PgHashFloat8(std::nan("1"), 9), PgHashFloat8(-std::nan("2"), 9));
  EXPECT_NE(PgHashFloat8(1.0, 9), PgHashFloat8(-1.0, 9));
}

TEST(PgValueHash, IntegersFoldTheirHighHalfIntoTheLow) {
  // So values that fit 32 bits hash as int4's hash does, and some that do
  // not collide: why verify adds a bigint's high half on its own.
  EXPECT_EQ(PgHashInt(1, 3), PgHashInt(int64_t{1} << 32, 3));
  EXPECT_EQ(PgHashInt(-1, 3), PgHashInt(0xffffffffLL, 3));
  EXPECT_NE(PgHashInt(1, 3), PgHashInt(2, 3));
  EXPECT_NE(PgHashInt(1, 3), PgHashInt(1, 4));
}

TEST(PgValueHash, DuckDbXorFunctionsFoldEachValueIntoTheRowHash) {
  DuckEngine duck;
  RegisterRowHashFunctions(duck);
  auto one = [&](const std::string& sql) {
    return duck.Query("SELECT " + sql).rows.at(0).at(0).value_or("NULL");
  };
  auto bits = [](uint64_t h) { return std::to_string(static_cast<int64_t>(h)); };
  EXPECT_EQ(one("strata_pg_xor_int(5, 7, 3)"), bits(5 ^ PgHashInt(7, 3)));
  EXPECT_EQ(one("strata_pg_xor_int(5, NULL, 3)"), "5");  // NULL leaves the row hash
  EXPECT_EQ(one("strata_pg_xor_float8(0, -0.0, 3)"), "3");
  // The sign goes into the seed: numeric's own hash has none.
  EXPECT_EQ(one("strata_pg_xor_numeric(0, '-1.50', 3)"), bits(PgHashNumeric("1.5", -3)));
  EXPECT_EQ(one("strata_pg_xor_numeric(0, '1.50', 3)"), bits(PgHashNumeric("1.5", 3)));
  try {
    one("strata_pg_xor_numeric(0, '1e5', 3)");
    ADD_FAILURE() << "a text that is no decimal was hashed";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("not a decimal number: '1e5'"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace strata
