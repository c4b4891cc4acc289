#include "source/mysql/mysql_row_image.h"

#include <mysql.h>

#include <cstdio>
#include <cstring>

#include "core/civil_time.h"
#include "core/error.h"
#include "source/mysql/mysql_latin1.h"

namespace strata {
namespace {

// Bytes a binary DECIMAL takes for 0..9 leftover digits.
constexpr int kDigitBytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr int kDigitsPerGroup = 9;

std::string Pad(uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(v));
  return buf;
}

// ".123" for 123456 micros at fsp 3; "" at fsp 0.
std::string Fraction(uint32_t micros, uint32_t fsp) {
  if (fsp == 0) return "";
  return "." + Pad(micros, 6).substr(0, fsp);
}

std::string DateText(uint64_t year, uint64_t month, uint64_t day) {
  return Pad(year, 4) + "-" + Pad(month, 2) + "-" + Pad(day, 2);
}

std::string ClockText(uint64_t hour, uint64_t minute, uint64_t second) {
  return Pad(hour, 2) + ":" + Pad(minute, 2) + ":" + Pad(second, 2);
}

// Bytes of the fractional part of TIME2/DATETIME2/TIMESTAMP2 at `fsp`.
size_t FractionBytes(uint32_t fsp) {
  return (fsp + 1) / 2;
}

// Micros from the big-endian fraction bytes at `fsp`.
uint32_t FractionMicros(uint64_t raw, uint32_t fsp) {
  if (fsp <= 2) return static_cast<uint32_t>(raw * 10000);
  if (fsp <= 4) return static_cast<uint32_t>(raw * 100);
  return static_cast<uint32_t>(raw);
}

int64_t SignExtend(uint64_t v, size_t bytes) {
  if (bytes >= 8) return static_cast<int64_t>(v);
  uint64_t sign = 1ULL << (bytes * 8 - 1);
  return static_cast<int64_t>((v ^ sign) - sign);
}

using Shape = MysqlLoggedValue::Shape;

MysqlLoggedValue TextValue(std::string s) {
  return {.shape = Shape::kText, .s = std::move(s)};
}

MysqlLoggedValue IntValue(int64_t i) {
  return {.shape = Shape::kInt, .i = i};
}

MysqlLoggedValue UIntValue(uint64_t u) {
  return {.shape = Shape::kUInt, .u = u};
}

MysqlLoggedValue DoubleValue(double d) {
  return {.shape = Shape::kDouble, .d = d};
}

// A string column's bytes: a blob for binary columns, text (latin1 made
// UTF-8) for the others.
MysqlLoggedValue BytesValue(const MysqlLoggedColumn& c, std::string_view s) {
  if (c.kind == MysqlValueKind::kBinary) return {.shape = Shape::kBlob, .s = std::string(s)};
  return TextValue(c.latin1 ? MysqlLatin1ToUtf8(s) : std::string(s));
}

// A SET's labels for its bits, comma-separated in the column's order.
std::string SetText(const std::vector<std::string>& labels, uint64_t bits) {
  std::string out;
  for (size_t k = 0; k < labels.size() && k < 64; ++k)
    if (bits >> k & 1) out += (out.empty() ? "" : ",") + labels[k];
  return out;
}

// Refuses metadata no server writes, so decoding never indexes past a table.
void CheckMetadata(const MysqlLoggedColumn& c, size_t i, const std::string& table) {
  bool ok = true;
  switch (c.type) {
    case MYSQL_TYPE_NEWDECIMAL: ok = c.meta >= 1 && c.meta <= 65 && c.meta2 <= c.meta; break;
    case MYSQL_TYPE_TIMESTAMP2:
    case MYSQL_TYPE_DATETIME2:
    case MYSQL_TYPE_TIME2: ok = c.meta <= 6; break;
    case MYSQL_TYPE_FLOAT: ok = c.meta == 4; break;
    case MYSQL_TYPE_DOUBLE: ok = c.meta == 8; break;
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_JSON: ok = c.meta >= 1 && c.meta <= 4; break;
    case MYSQL_TYPE_ENUM: ok = c.meta == 1 || c.meta == 2; break;
    case MYSQL_TYPE_SET: ok = c.meta >= 1 && c.meta <= 8; break;
    case MYSQL_TYPE_BIT: ok = c.meta < 8 && c.meta2 <= 8 && c.meta2 * 8 + c.meta <= 64; break;
    default: break;
  }
  if (!ok)
    throw Error("table " + table + ": column " + std::to_string(i + 1) + " of binlog type " +
                std::to_string(c.type) + " has metadata no server writes (" +
                std::to_string(c.meta) + ", " + std::to_string(c.meta2) + ")");
}

}  // namespace

std::vector<MysqlLoggedColumn> ParseMysqlTableMap(std::string_view types, std::string_view metadata,
                                                  const std::string& table) {
  std::vector<MysqlLoggedColumn> out(types.size());
  size_t m = 0;
  auto byte = [&]() -> uint32_t {
    if (m >= metadata.size())
      throw Error("table " + table + ": the binlog's table map has too little column metadata");
    return static_cast<unsigned char>(metadata[m++]);
  };
  for (size_t i = 0; i < types.size(); ++i) {
    MysqlLoggedColumn& c = out[i];
    c.type = static_cast<unsigned char>(types[i]);
    switch (c.type) {
      case MYSQL_TYPE_FLOAT:
      case MYSQL_TYPE_DOUBLE:
      case MYSQL_TYPE_BLOB:
      case MYSQL_TYPE_GEOMETRY:
      case MYSQL_TYPE_JSON:
      case MYSQL_TYPE_TIMESTAMP2:
      case MYSQL_TYPE_DATETIME2:
      case MYSQL_TYPE_TIME2: c.meta = byte(); break;
      case MYSQL_TYPE_VARCHAR:
      case MYSQL_TYPE_VAR_STRING: c.meta = byte(), c.meta |= byte() << 8; break;
      case MYSQL_TYPE_BIT:
      case MYSQL_TYPE_NEWDECIMAL: c.meta = byte(), c.meta2 = byte(); break;
      case MYSQL_TYPE_STRING:
      case MYSQL_TYPE_ENUM:
      case MYSQL_TYPE_SET: {
        uint32_t b0 = byte(), b1 = byte();
        // CHAR longer than 255 bytes keeps its length's high bits in the
        // real-type byte (whose 0x30 bits are always set otherwise).
        if ((b0 & 0x30) != 0x30) {
          c.type = static_cast<uint8_t>(b0 | 0x30);
          c.meta = b1 | (((b0 & 0x30) ^ 0x30) << 4);
        } else {
          c.type = static_cast<uint8_t>(b0);
          c.meta = b1;
        }
        break;
      }
      case MYSQL_TYPE_TINY:
      case MYSQL_TYPE_SHORT:
      case MYSQL_TYPE_INT24:
      case MYSQL_TYPE_LONG:
      case MYSQL_TYPE_LONGLONG:
      case MYSQL_TYPE_YEAR:
      case MYSQL_TYPE_DATE:
      case MYSQL_TYPE_NEWDATE:
      case MYSQL_TYPE_TIME:
      case MYSQL_TYPE_DATETIME:
      case MYSQL_TYPE_TIMESTAMP: break;
      default:
        throw Error("table " + table + ": column " + std::to_string(i + 1) + " has binlog type " +
                    std::to_string(c.type) + ", which strata cannot decode");
    }
    CheckMetadata(c, i, table);
  }
  return out;
}

size_t MysqlDecimalSize(int precision, int scale) {
  int intg = precision - scale;
  return (intg / kDigitsPerGroup) * 4 + kDigitBytes[intg % kDigitsPerGroup] +
         (scale / kDigitsPerGroup) * 4 + kDigitBytes[scale % kDigitsPerGroup];
}

int MysqlDecimalGroupBytes(int digits) {
  return kDigitBytes[digits];
}

std::string MysqlDecimalText(std::string_view bytes, int precision, int scale) {
  if (bytes.size() != MysqlDecimalSize(precision, scale) || bytes.empty())
    throw Error("a binary DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) +
                ") takes " + std::to_string(MysqlDecimalSize(precision, scale)) + " bytes, not " +
                std::to_string(bytes.size()));
  std::string b(bytes);
  bool negative = b.empty() || !(static_cast<unsigned char>(b[0]) & 0x80);
  b[0] = static_cast<char>(b[0] ^ 0x80);
  if (negative)
    for (char& c : b) c = static_cast<char>(~c);
  size_t pos = 0;
  auto group = [&](int digits) {
    uint64_t v = 0;
    for (int k = 0; k < kDigitBytes[digits]; ++k) v = v << 8 | static_cast<unsigned char>(b[pos++]);
    return Pad(v, digits);
  };
  int intg = precision - scale;
  std::string whole, frac;
  if (intg % kDigitsPerGroup) whole += group(intg % kDigitsPerGroup);
  for (int g = 0; g < intg / kDigitsPerGroup; ++g) whole += group(kDigitsPerGroup);
  for (int g = 0; g < scale / kDigitsPerGroup; ++g) frac += group(kDigitsPerGroup);
  if (scale % kDigitsPerGroup) frac += group(scale % kDigitsPerGroup);
  size_t nz = whole.find_first_not_of('0');
  whole = nz == std::string::npos ? "0" : whole.substr(nz);
  bool zero = whole == "0" && frac.find_first_not_of('0') == std::string::npos;
  return (negative && !zero ? "-" : "") + whole + (scale > 0 ? "." + frac : "");
}

void MysqlLoggedValue::Deliver(int col, ValueSink& sink) const {
  switch (shape) {
    case Shape::kNull: return sink.Null(col);
    case Shape::kInt: return sink.Int(col, i);
    case Shape::kUInt: return sink.UInt(col, u);
    case Shape::kDouble: return sink.Double(col, d);
    case Shape::kText: return sink.Text(col, s);
    case Shape::kBlob: return sink.Blob(col, s);
  }
}

std::string MysqlLoggedValue::Text() const {
  switch (shape) {
    case Shape::kNull: return "";
    case Shape::kInt: return std::to_string(i);
    case Shape::kUInt: return std::to_string(u);
    case Shape::kDouble: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return buf;
    }
    default: return s;
  }
}

bool MysqlLoggedValue::SameAs(const MysqlLoggedValue& other) const {
  if (shape != other.shape) return false;
  switch (shape) {
    case Shape::kNull: return true;
    case Shape::kInt: return i == other.i;
    case Shape::kUInt: return u == other.u;
    case Shape::kDouble: return std::memcmp(&d, &other.d, sizeof d) == 0;
    default: return s == other.s;
  }
}

MysqlRowImageReader::MysqlRowImageReader(const std::vector<MysqlLoggedColumn>& columns,
                                         std::string_view data, bool zero_date_as_null,
                                         std::string table)
    : columns_(columns),
      data_(data),
      zero_date_as_null_(zero_date_as_null),
      table_(std::move(table)) {}

std::string_view MysqlRowImageReader::Take(size_t n) {
  if (n > data_.size() - pos_)
    throw Error("table " + table_ + ": a binlog row image ends early (" +
                std::to_string(data_.size()) + " bytes); the table map and the rows disagree");
  std::string_view v = data_.substr(pos_, n);
  pos_ += n;
  return v;
}

uint64_t MysqlRowImageReader::LittleEndian(size_t n) {
  std::string_view v = Take(n);
  uint64_t out = 0;
  for (size_t k = n; k-- > 0;) out = out << 8 | static_cast<unsigned char>(v[k]);
  return out;
}

uint64_t MysqlRowImageReader::BigEndian(size_t n) {
  std::string_view v = Take(n);
  uint64_t out = 0;
  for (unsigned char c : v) out = out << 8 | c;
  return out;
}

MysqlLoggedRow MysqlRowImageReader::Read() {
  std::string_view nulls = Take((columns_.size() + 7) / 8);
  MysqlLoggedRow row(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (static_cast<unsigned char>(nulls[i / 8]) >> (i % 8) & 1) continue;  // NULL
    row[i] = ReadValue(columns_[i]);
    bool date = columns_[i].kind == MysqlValueKind::kDate;
    if (date && zero_date_as_null_ && IsZeroDate(row[i].s)) row[i] = MysqlLoggedValue{};
  }
  return row;
}

MysqlLoggedValue MysqlRowImageReader::ReadValue(const MysqlLoggedColumn& c) {
  switch (c.type) {
    case MYSQL_TYPE_TINY: return ReadInteger(c, 1);
    case MYSQL_TYPE_SHORT: return ReadInteger(c, 2);
    case MYSQL_TYPE_INT24: return ReadInteger(c, 3);
    case MYSQL_TYPE_LONG: return ReadInteger(c, 4);
    case MYSQL_TYPE_LONGLONG: return ReadInteger(c, 8);
    case MYSQL_TYPE_YEAR: {
      uint64_t y = LittleEndian(1);
      return IntValue(y == 0 ? 0 : static_cast<int64_t>(1900 + y));
    }
    case MYSQL_TYPE_FLOAT: {
      uint32_t raw = static_cast<uint32_t>(LittleEndian(4));
      float f;
      std::memcpy(&f, &raw, sizeof f);
      return DoubleValue(f);  // the snapshot selects CAST(f AS DOUBLE): the same exact widening
    }
    case MYSQL_TYPE_DOUBLE: {
      uint64_t raw = LittleEndian(8);
      double d;
      std::memcpy(&d, &raw, sizeof d);
      return DoubleValue(d);
    }
    case MYSQL_TYPE_NEWDECIMAL: {
      int precision = static_cast<int>(c.meta), scale = static_cast<int>(c.meta2);
      return TextValue(
          MysqlDecimalText(Take(MysqlDecimalSize(precision, scale)), precision, scale));
    }
    case MYSQL_TYPE_BIT: return UIntValue(BigEndian(c.meta2 + (c.meta > 0 ? 1 : 0)));
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING: return BytesValue(c, Take(LittleEndian(c.meta < 256 ? 1 : 2)));
    case MYSQL_TYPE_STRING: {
      MysqlLoggedValue v = BytesValue(c, Take(LittleEndian(c.meta < 256 ? 1 : 2)));
      // The binlog drops BINARY(n)'s trailing zero bytes; the server sends all n.
      if (c.kind == MysqlValueKind::kBinary && v.s.size() < c.meta) v.s.resize(c.meta, '\0');
      return v;
    }
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_JSON: return BytesValue(c, Take(LittleEndian(c.meta)));
    case MYSQL_TYPE_ENUM: {
      uint64_t index = LittleEndian(c.meta);
      return TextValue(index >= 1 && index <= c.labels.size() ? c.labels[index - 1] : "");
    }
    case MYSQL_TYPE_SET: return TextValue(SetText(c.labels, LittleEndian(c.meta)));
    default: return TextValue(ReadTemporal(c));
  }
}

MysqlLoggedValue MysqlRowImageReader::ReadInteger(const MysqlLoggedColumn& c, size_t n) {
  uint64_t raw = LittleEndian(n);
  return c.kind == MysqlValueKind::kUnsigned ? UIntValue(raw) : IntValue(SignExtend(raw, n));
}

std::string MysqlRowImageReader::ReadTemporal(const MysqlLoggedColumn& c) {
  switch (c.type) {
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE: {
      uint64_t d = LittleEndian(3);
      return DateText(d >> 9, d >> 5 & 15, d & 31);
    }
    case MYSQL_TYPE_DATETIME2: {
      uint64_t packed = BigEndian(5) - 0x8000000000ULL;
      uint32_t micros = FractionMicros(BigEndian(FractionBytes(c.meta)), c.meta);
      uint64_t ymd = packed >> 17, hms = packed & 0x1FFFF, ym = ymd >> 5;
      return DateText(ym / 13, ym % 13, ymd & 31) + " " +
             ClockText(hms >> 12, hms >> 6 & 63, hms & 63) + Fraction(micros, c.meta);
    }
    case MYSQL_TYPE_TIMESTAMP2:
    case MYSQL_TYPE_TIMESTAMP: {
      bool v2 = c.type == MYSQL_TYPE_TIMESTAMP2;
      int64_t seconds = static_cast<int64_t>(v2 ? BigEndian(4) : LittleEndian(4));
      uint32_t micros = v2 ? FractionMicros(BigEndian(FractionBytes(c.meta)), c.meta) : 0;
      std::string frac = Fraction(micros, v2 ? c.meta : 0);
      if (seconds == 0) return "0000-00-00 00:00:00" + frac;  // the zero timestamp
      CivilTime t = CivilTime::FromDays(seconds / 86400);
      int64_t s = seconds % 86400;
      return DateText(t.year, t.month, t.day) + " " + ClockText(s / 3600, s / 60 % 60, s % 60) +
             frac;
    }
    case MYSQL_TYPE_TIME2: return Time2Text(c.meta);
    case MYSQL_TYPE_TIME: {
      int64_t t = SignExtend(LittleEndian(3), 3);
      uint64_t a = static_cast<uint64_t>(t < 0 ? -t : t);
      return (t < 0 ? "-" : "") + ClockText(a / 10000, a / 100 % 100, a % 100);
    }
    case MYSQL_TYPE_DATETIME: {
      uint64_t t = LittleEndian(8), d = t / 1000000, s = t % 1000000;
      return DateText(d / 10000, d / 100 % 100, d % 100) + " " +
             ClockText(s / 10000, s / 100 % 100, s % 100);
    }
    default:
      throw Error("table " + table_ + ": binlog type " + std::to_string(c.type) + " unknown");
  }
}

// TIME2: 3 bytes of sign-offset hh:mm:ss, then the fraction; a negative
// value with a fraction is stored as (whole + 1, fraction - 1 unit).
std::string MysqlRowImageReader::Time2Text(uint32_t fsp) {
  constexpr int64_t kIntOffset = 0x800000;
  int64_t whole = static_cast<int64_t>(BigEndian(3)) - kIntOffset;
  int64_t frac = 0;
  if (fsp >= 5) {
    frac = static_cast<int64_t>(BigEndian(3));
  } else if (fsp > 0) {
    size_t n = FractionBytes(fsp);
    frac = static_cast<int64_t>(BigEndian(n));
    if (whole < 0 && frac != 0) {
      ++whole;
      frac -= int64_t{1} << (8 * n);
    }
    frac *= fsp <= 2 ? 10000 : 100;
  }
  int64_t packed = whole * (int64_t{1} << 24) + frac;
  bool negative = packed < 0;
  uint64_t a = static_cast<uint64_t>(negative ? -packed : packed);
  uint64_t hms = a >> 24, micros = a & 0xFFFFFF;
  return (negative ? "-" : "") + ClockText(hms >> 12 & 1023, hms >> 6 & 63, hms & 63) +
         Fraction(static_cast<uint32_t>(micros), fsp);
}

}  // namespace strata
