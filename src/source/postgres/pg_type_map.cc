#include "source/postgres/pg_type_map.h"

#include <algorithm>

namespace strata {
namespace {

// Built-in type oids (pg_type.dat); they never change between releases.
enum : uint32_t {
  kBoolOid = 16,
  kByteaOid = 17,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kJsonOid = 114,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimeOid = 1083,
  kTimestampOid = 1114,
  kTimestampTzOid = 1184,
  kNumericOid = 1700,
  kUuidOid = 2950,
  kJsonbOid = 3802,
};

struct Mapping {
  uint32_t oid;
  TypeId id;
  PgWire wire;
};

// Types read in their own binary form; everything else is selected as text.
// Text types' binary form is their text, in the client encoding.
constexpr Mapping kBinaryTypes[] = {
    {kBoolOid, TypeId::kBoolean, PgWire::kBool},
    {kInt2Oid, TypeId::kSmallInt, PgWire::kInt2},
    {kInt4Oid, TypeId::kInt, PgWire::kInt4},
    {kInt8Oid, TypeId::kBigInt, PgWire::kInt8},
    {kFloat4Oid, TypeId::kFloat, PgWire::kFloat4},
    {kFloat8Oid, TypeId::kDouble, PgWire::kFloat8},
    {kByteaOid, TypeId::kBinary, PgWire::kBytea},
    {kDateOid, TypeId::kDate, PgWire::kDate},
    {kTimestampOid, TypeId::kDatetime, PgWire::kTimestamp},
    {kTimestampTzOid, TypeId::kTimestamp, PgWire::kTimestampTz},
    {kTimeOid, TypeId::kString, PgWire::kTime},
    {kUuidOid, TypeId::kString, PgWire::kUuid},
    {kJsonbOid, TypeId::kString, PgWire::kJsonb},
    {kTextOid, TypeId::kString, PgWire::kText},
    {kVarcharOid, TypeId::kString, PgWire::kText},
    {kBpcharOid, TypeId::kString, PgWire::kText},
    {kNameOid, TypeId::kString, PgWire::kText},
    {kJsonOid, TypeId::kString, PgWire::kText},
};

const Mapping* FindBinary(uint32_t oid) {
  for (const Mapping& m : kBinaryTypes)
    if (m.oid == oid) return &m;
  return nullptr;
}

}  // namespace

ColumnType PgNumericWarehouseType(int32_t typmod) {
  if (typmod < 4) return {TypeId::kString};
  int32_t bits = typmod - 4;
  int precision = (bits >> 16) & 0xffff;
  int scale = ((bits & 0x7ff) ^ 1024) - 1024;  // 11-bit signed since PostgreSQL 15
  int whole_digits = std::max(precision - scale, 0);
  int kept_scale = std::max(scale, 0);
  int digits = whole_digits + kept_scale;
  if (digits < 1 || digits > 38) return {TypeId::kString};
  return {TypeId::kDecimal, digits, kept_scale, 0};
}

PgColumn MapPgColumn(std::string name, const PgTypeInfo& type, bool not_null) {
  PgColumn c;
  c.name = std::move(name);
  c.type = type;
  c.not_null = not_null;
  if (type.category == 'A') {
    c.warehouse = {TypeId::kString};
    c.wire = PgWire::kText;
    c.select = PgSelect::kJsonArray;
  } else if (type.base_oid == kNumericOid) {
    c.warehouse = PgNumericWarehouseType(type.typmod);
    c.wire = PgWire::kNumeric;
    c.select = PgSelect::kAsIs;
  } else if (const Mapping* m = FindBinary(type.base_oid)) {
    c.warehouse = {m->id};
    c.wire = m->wire;
    c.select = PgSelect::kAsIs;
  } else if (type.typtype == 'e') {  // an enum's binary form is its label
    c.warehouse = {TypeId::kString};
    c.wire = PgWire::kText;
    c.select = PgSelect::kAsIs;
  } else {
    c.warehouse = {TypeId::kString};
    c.wire = PgWire::kText;
    c.select = PgSelect::kText;
  }
  return c;
}

std::string PgSelectExpression(const PgColumn& column, const std::string& quoted_ref) {
  switch (column.select) {
    case PgSelect::kAsIs: return quoted_ref;
    case PgSelect::kJsonArray: return "array_to_json(" + quoted_ref + ")::text";
    case PgSelect::kText: return quoted_ref + "::text";
  }
  return quoted_ref;
}

}  // namespace strata
