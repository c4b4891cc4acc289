#pragma once
// The bytes MariaDB holds for a value in its in-memory row (the record that
// CHECKSUM TABLE hashes, the same encoding the binlog's row images use for
// fixed-size values), computed from the value as the warehouse stores it.
// verify reproduces the server's table checksum with them
// (verify/mariadb_table_checksum.h, docs/verify.md). Encoders append to
// `out`; a value the column's form cannot hold (a character latin1 lacks, a
// decimal too wide) appends nothing and returns false. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

// How a column's value is laid out in the record; `a` and `b` (below) are
// its parameters.
enum class MysqlRecordForm : int {
  kLittleEndian = 0,  // integers, the null-bit bytes: a = bytes
  kBigEndian = 1,     // BIT(n) as the server reads it out: a = bytes
  kYear = 2,          // one byte: the year - 1900 (0 for 0000)
  kDate = 3,          // 3 bytes; the value is days since 1970-01-01
  kDatetime2 = 4,     // microseconds since 1970-01-01 00:00 on the wall clock: a = fsp
  kTimestamp2 = 5,    // microseconds since the epoch (UTC): a = fsp
  kFloat = 6,         // the 4 bytes of the float
  kDouble = 7,        // the 8 bytes of the double
  kDecimal = 8,       // binary DECIMAL of its text or unscaled integer: a = precision, b = scale
  kUtf8 = 9,          // text bytes (utf8mb3/utf8mb4); a > 0: CHAR padded with spaces to a bytes
  kLatin1 = 10,       // the same in latin1
  kBytes = 11,        // binary; a > 0: BINARY padded with zero bytes to a bytes
  kTime2 = 12,        // TIME's text ("-838:59:59.000000"): a = fsp
  kEnum = 13,         // the label's number (1 first, 0 for ''): a = bytes
  kSet = 14,          // the bits of the labels present (1 first): a = bytes
};

// One column of a table as information_schema.COLUMNS describes it.
struct MysqlColumnFacts {
  std::string data_type;                  // DATA_TYPE: "int", "varchar", …
  std::string column_type;                // COLUMN_TYPE: "int(10) unsigned"
  std::string charset;                    // CHARACTER_SET_NAME; "" for none
  int64_t octet_length = 0;               // CHARACTER_OCTET_LENGTH
  int precision = 0, scale = 0, fsp = 0;  // NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION
};

struct MysqlRecordColumn {
  MysqlRecordForm form;
  int a = 0, b = 0;
};

// The column's record form; nullopt (and `why`) for a type or character set
// the encoders do not cover (geometry, other character sets).
std::optional<MysqlRecordColumn> MysqlRecordColumnOf(const MysqlColumnFacts& c, std::string* why);

// Integer-valued forms (kLittleEndian, kEnum, kSet, kBigEndian, kYear, kDate,
// kDatetime2, kTimestamp2; kDecimal as the unscaled integer: 12.50 at scale 2
// is 1250).
bool AppendMysqlRecordInt(std::string* out, int64_t v, const MysqlRecordColumn& c);
// kFloat, kDouble.
bool AppendMysqlRecordDouble(std::string* out, double v, const MysqlRecordColumn& c);
// Text-valued forms (kDecimal, kUtf8, kLatin1, kBytes, kTime2).
bool AppendMysqlRecordText(std::string* out, std::string_view v, const MysqlRecordColumn& c);

// Binary DECIMAL(precision, scale) of `text` ("-12.50"); nullopt if the text
// is not a decimal that fits. The inverse of MysqlDecimalText.
std::optional<std::string> MysqlDecimalBinary(std::string_view text, int precision, int scale);

}  // namespace strata
