#pragma once
// Pure functions that decode PostgreSQL's binary wire format (as sent by
// COPY ... (FORMAT binary) and binary results) into the values a ValueSink
// takes, and into the text PostgreSQL itself would print. Integers are
// network byte order; numeric is ndigits/weight/sign/dscale and base-10000
// digits, turned into exact decimal text; dates are int32 days and
// timestamps int64 microseconds since 2000-01-01. Infinite dates and
// timestamps render as PostgreSQL does ("infinity", "-infinity"), years
// before 1 as "yyyy-mm-dd BC"; the warehouse parsers reject those, so they
// become dirty records. No state; thread-safe. Malformed input throws
// strata::Error.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "source/source.h"

namespace strata {

// How a column's values arrive in a binary COPY after the SELECT strata sends
// (see pg_type_map.h for which PostgreSQL types become which).
enum class PgWire {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kText,   // text, varchar, bpchar, name, json, enum labels, and ::text casts
  kJsonb,  // version byte 1, then the JSON text
  kBytea,
  kDate,
  kTimestamp,
  kTimestampTz,  // the same int64, an instant in UTC
  kTime,
  kUuid,
};

inline int16_t PgInt16(const char* p) {
  auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<int16_t>(static_cast<uint16_t>(u[0] << 8 | u[1]));
}
inline int32_t PgInt32(const char* p) {
  auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<int32_t>(static_cast<uint32_t>(u[0]) << 24 |
                              static_cast<uint32_t>(u[1]) << 16 | static_cast<uint32_t>(u[2]) << 8 |
                              static_cast<uint32_t>(u[3]));
}
inline int64_t PgInt64(const char* p) {
  return static_cast<int64_t>(static_cast<uint64_t>(static_cast<uint32_t>(PgInt32(p))) << 32 |
                              static_cast<uint32_t>(PgInt32(p + 4)));
}

// "12.3400", "-0.001", "NaN", "Infinity", "-Infinity": exactly numeric_out's text.
std::string PgNumericText(std::string_view bytes);
// Days since 2000-01-01: "2016-11-14", "0044-03-15 BC", "infinity".
std::string PgDateText(int32_t days);
// Microseconds since 2000-01-01 00:00:00: "1969-07-20 20:17:40.5" (fraction
// without trailing zeros, as PostgreSQL prints it), "infinity".
std::string PgTimestampText(int64_t micros);
// Microseconds since midnight: "13:45:00", "23:59:59.999999", "24:00:00".
std::string PgTimeText(int64_t micros);
// 16 bytes: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".
std::string PgUuidText(std::string_view bytes);
// "\x00ff" (bytea's hex output).
std::string PgByteaText(std::string_view bytes);

// Sends one non-NULL value to column `col` of `sink`: integers via Int,
// floats via Double, bytea via Blob, booleans as "true"/"false", everything
// else as the text above. `scratch` is reused between calls.
void PgDeliver(PgWire wire, std::string_view bytes, int col, ValueSink& sink, std::string& scratch);
// The value as text, as it was delivered (bytea as "\x..." hex): for dirty
// record reports.
std::string PgValueText(PgWire wire, std::string_view bytes);

}  // namespace strata
