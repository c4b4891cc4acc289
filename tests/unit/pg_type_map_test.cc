// PostgreSQL types map to the warehouse types and wire forms documented in
// docs/sources/postgres.md.

#include "source/postgres/pg_type_map.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

int32_t NumericTypmod(int precision, int scale) {
  return ((precision << 16) | (scale & 0x7ff)) + 4;
}

PgTypeInfo Type(uint32_t oid, int32_t typmod = -1, char typtype = 'b', char category = 'U') {
  PgTypeInfo t;
  t.base_oid = oid;
  t.typmod = typmod;
  t.typtype = typtype;
  t.category = category;
  return t;
}

TEST(PgTypeMap, NumericWithinThirtyEightDigitsIsDecimal) {
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(10, 2)), (ColumnType{TypeId::kDecimal, 10, 2}));
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(38, 30)), (ColumnType{TypeId::kDecimal, 38, 30}));
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(5, 0)), (ColumnType{TypeId::kDecimal, 5, 0}));
}

TEST(PgTypeMap, WideOrUnconstrainedNumericIsString) {
  EXPECT_EQ(PgNumericWarehouseType(-1).id, TypeId::kString);
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(39, 0)).id, TypeId::kString);
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(50, 10)).id, TypeId::kString);
}

TEST(PgTypeMap, NegativeScaleAndScaleAbovePrecision) {
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(5, -2)), (ColumnType{TypeId::kDecimal, 7, 0}));
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(3, 5)), (ColumnType{TypeId::kDecimal, 5, 5}));
  EXPECT_EQ(PgNumericWarehouseType(NumericTypmod(37, -2)).id, TypeId::kString);
}

TEST(PgTypeMap, BinaryTypesKeepTheirKind) {
  EXPECT_EQ(MapPgColumn("a", Type(21), false).warehouse.id, TypeId::kSmallInt);
  EXPECT_EQ(MapPgColumn("a", Type(23), false).warehouse.id, TypeId::kInt);
  EXPECT_EQ(MapPgColumn("a", Type(20), false).warehouse.id, TypeId::kBigInt);
  EXPECT_EQ(MapPgColumn("a", Type(700), false).warehouse.id, TypeId::kFloat);
  EXPECT_EQ(MapPgColumn("a", Type(701), false).warehouse.id, TypeId::kDouble);
  EXPECT_EQ(MapPgColumn("a", Type(16), false).warehouse.id, TypeId::kBoolean);
  EXPECT_EQ(MapPgColumn("a", Type(17), false).warehouse.id, TypeId::kBinary);
  EXPECT_EQ(MapPgColumn("a", Type(1082), false).warehouse.id, TypeId::kDate);
  EXPECT_EQ(MapPgColumn("a", Type(1114), false).warehouse.id, TypeId::kDatetime);
  PgColumn tz = MapPgColumn("a", Type(1184), false);
  EXPECT_EQ(tz.warehouse.id, TypeId::kTimestamp);
  EXPECT_EQ(tz.wire, PgWire::kTimestampTz);
  EXPECT_EQ(PgSelectExpression(tz, "\"a\""), "\"a\"");
  EXPECT_TRUE(MapPgColumn("a", Type(20), false).IsInteger());
  EXPECT_FALSE(MapPgColumn("a", Type(1700), false).IsInteger());
}

TEST(PgTypeMap, TextLikeTypesAreStrings) {
  for (uint32_t oid : {25u, 1043u, 1042u, 114u, 3802u, 2950u, 1083u}) {
    PgColumn c = MapPgColumn("a", Type(oid), false);
    EXPECT_EQ(c.warehouse.id, TypeId::kString) << oid;
    EXPECT_EQ(c.select, PgSelect::kAsIs) << oid;
  }
}

TEST(PgTypeMap, ArraysBecomeJsonText) {
  PgColumn c = MapPgColumn("xs", Type(1007, -1, 'b', 'A'), false);
  EXPECT_EQ(c.warehouse.id, TypeId::kString);
  EXPECT_EQ(PgSelectExpression(c, "\"xs\""), "array_to_json(\"xs\")::text");
}

TEST(PgTypeMap, EnumsAreReadAsTheirLabel) {
  PgColumn c = MapPgColumn("m", Type(99999, -1, 'e', 'E'), false);
  EXPECT_EQ(c.warehouse.id, TypeId::kString);
  EXPECT_EQ(c.wire, PgWire::kText);
  EXPECT_EQ(PgSelectExpression(c, "\"m\""), "\"m\"");
}

TEST(PgTypeMap, OtherTypesAreSelectedAsServerText) {
  for (uint32_t oid : {1186u, 1266u, 869u, 650u, 790u}) {  // interval timetz inet cidr money
    PgColumn c = MapPgColumn("v", Type(oid), false);
    EXPECT_EQ(c.warehouse.id, TypeId::kString) << oid;
    EXPECT_EQ(PgSelectExpression(c, "\"v\""), "\"v\"::text") << oid;
  }
}

}  // namespace
}  // namespace strata
