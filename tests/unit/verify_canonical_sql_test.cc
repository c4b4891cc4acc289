// The canonical text verify hashes, as DuckDB computes it: the exact double
// form against a reference computed here from the bits, for doubles of every
// magnitude (and ExactDoubleText, its C++ spelling, alike); and the row
// text's unambiguous encoding. (MariaDB, PostgreSQL and SQLite produce the
// same texts: tests/integration/verify_*_test.cc.)

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/exact_double_text.h"
#include "verify/canonical_sql.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {
namespace {

std::string DuckCanonical(DuckEngine& duck, const std::string& literal, TypeId type) {
  CanonColumn c{"x", "", {type}};
  QueryResult r = duck.Query("SELECT " + CanonicalSql(SqlDialect::kDuckDb, c) + " FROM (SELECT " +
                             literal + " AS x)");
  return r.rows.at(0).at(0).value_or("<NULL>");
}

std::string Exact(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return "CAST('" + std::string(buf) + "' AS DOUBLE)";
}

TEST(VerifyCanonicalSql, DoublesAreExactOfEveryMagnitude) {
  DuckEngine duck;
  EXPECT_EQ(DuckCanonical(duck, Exact(1.0), TypeId::kDouble), "4503599627370496p0");
  EXPECT_EQ(DuckCanonical(duck, Exact(-0.1), TypeId::kDouble), "-7205759403792794p-4");
  EXPECT_EQ(DuckCanonical(duck, "CAST('-0.0' AS DOUBLE)", TypeId::kDouble), "0");
  EXPECT_EQ(DuckCanonical(duck, "CAST('nan' AS DOUBLE)", TypeId::kDouble), "nan");
  EXPECT_EQ(DuckCanonical(duck, "CAST('-inf' AS DOUBLE)", TypeId::kDouble), "-inf");
  EXPECT_EQ(DuckCanonical(duck, "CAST(NULL AS DOUBLE)", TypeId::kDouble), "<NULL>");
  // Doubles of every magnitude and the next double after each, in one query.
  std::vector<double> values;
  uint64_t x = 7;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t bits = x ^ (x >> 31);
    if (i % 10 == 0) bits &= 0x800fffffffffffffULL;  // subnormals
    if (i % 10 == 1) bits |= 0x7fe0000000000000ULL;  // the largest exponents
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isnan(d) || std::isinf(d)) continue;
    values.push_back(d);
    double next = std::nextafter(d, INFINITY);
    if (!std::isinf(next)) values.push_back(next);
  }
  std::string rows;
  for (size_t i = 0; i < values.size(); ++i)
    rows += (i ? ", (" : "(") + std::to_string(i) + ", " + Exact(values[i]) + ")";
  CanonColumn c{"x", "", {TypeId::kDouble}};
  QueryResult r = duck.Query("SELECT " + CanonicalSql(SqlDialect::kDuckDb, c) + " FROM (VALUES " +
                             rows + ") t(i, x) ORDER BY i");
  ASSERT_EQ(r.rows.size(), values.size());
  // DuckDB's SQL spelling (powers of two) equals the C++ one (bits), which
  // SQLite sources use (strata_double_text).
  for (size_t i = 0; i < values.size(); ++i)
    ASSERT_EQ(r.rows[i][0].value_or("<NULL>"), ExactDoubleText(values[i])) << Exact(values[i]);
  // m * 2^(e-52), worked out by hand: 1 = 2^52 * 2^(0-52); the smallest
  // subnormal is 1 * 2^(-1022-52).
  EXPECT_EQ(ExactDoubleText(1.0), "4503599627370496p0");
  EXPECT_EQ(ExactDoubleText(-0.75), "-6755399441055744p-1");
  EXPECT_EQ(ExactDoubleText(std::numeric_limits<double>::denorm_min()), "1p-1022");
  EXPECT_EQ(ExactDoubleText(-0.0), "0");
  EXPECT_EQ(ExactDoubleText(-INFINITY), "-inf");
  EXPECT_EQ(ExactDoubleText(NAN), "nan");
}

TEST(VerifyCanonicalSql, RowTextTellsNullFromEmptyAndKeepsColumnsApart) {
  DuckEngine duck;
  auto row = [&](const std::string& a, const std::string& b, const std::string& n) {
    std::vector<CanonColumn> cols = {
        {"a", "", {TypeId::kString}}, {"b", "", {TypeId::kString}}, {"n", "", {TypeId::kBigInt}}};
    QueryResult r = duck.Query("SELECT " + TupleSql(SqlDialect::kDuckDb, cols) + " FROM (SELECT " +
                               a + " AS a, " + b + " AS b, " + n + " AS n)");
    return r.rows.at(0).at(0).value_or("<NULL>");
  };
  EXPECT_EQ(row("'ab'", "'c'", "5"), "2:ab1:c5;");
  EXPECT_NE(row("'ab'", "'c'", "5"), row("'a'", "'bc'", "5"));
  EXPECT_EQ(row("''", "NULL", "NULL"), "0:~~");
  EXPECT_NE(row("''", "'x'", "1"), row("NULL", "'x'", "1"));
  EXPECT_EQ(row("'ü'", "'~'", "-7"), "2:ü1:~-7;");
}

}  // namespace
}  // namespace strata
