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
  TypeId id;
  PgWire wire;
};

// Types read in their own binary form; everything else is selected as text.
bool MapBinary(uint32_t oid, Mapping* m) {
  switch (oid) {
    case kBoolOid: *m = {TypeId::kBoolean, PgWire::kBool}; return true;
    case kInt2Oid: *m = {TypeId::kSmallInt, PgWire::kInt2}; return true;
    case kInt4Oid: *m = {TypeId::kInt, PgWire::kInt4}; return true;
    case kInt8Oid: *m = {TypeId::kBigInt, PgWire::kInt8}; return true;
    case kFloat4Oid: *m = {TypeId::kFloat, PgWire::kFloat4}; return true;
    case kFloat8Oid: *m = {TypeId::kDouble, PgWire::kFloat8}; return true;
    case kByteaOid: *m = {TypeId::kBinary, PgWire::kBytea}; return true;
    case kDateOid: *m = {TypeId::kDate, PgWire::kDate}; return true;
    case kTimestampOid: *m = {TypeId::kDatetime, PgWire::kTimestamp}; return true;
    case kTimestampTzOid: *m = {TypeId::kTimestamp, PgWire::kTimestampTz}; return true;
    case kTimeOid: *m = {TypeId::kString, PgWire::kTime}; return true;
    case kUuidOid: *m = {TypeId::kString, PgWire::kUuid}; return true;
    case kJsonbOid: *m = {TypeId::kString, PgWire::kJsonb}; return true;
    // Their binary form is their text, in the client encoding.
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
    case kJsonOid: *m = {TypeId::kString, PgWire::kText}; return true;
    default: return false;
  }
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
  Mapping m{};
  if (type.category == 'A') {
    c.warehouse = {TypeId::kString};
    c.wire = PgWire::kText;
    c.select = PgSelect::kJsonArray;
  } else if (type.base_oid == kNumericOid) {
    c.warehouse = PgNumericWarehouseType(type.typmod);
    c.wire = PgWire::kNumeric;
    c.select = PgSelect::kAsIs;
  } else if (MapBinary(type.base_oid, &m)) {
    c.warehouse = {m.id};
    c.wire = m.wire;
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
