#include "source/mysql/mysql_type_map.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace strata {
namespace {

constexpr unsigned kBinaryCharset = 63;  // the `binary` character set's number

bool OneOf(const std::string& s, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return s == n; });
}

bool IsIntegerBase(const std::string& b) {
  return OneOf(b, {"tinyint", "smallint", "mediumint", "int", "integer", "bigint"});
}
bool IsTextBase(const std::string& b) {
  return OneOf(
      b, {"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "nchar", "nvarchar"});
}
bool IsBinaryBase(const std::string& b) {
  return OneOf(b, {"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"});
}
bool IsGeometryBase(const std::string& b) {
  return OneOf(b, {"geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                   "multipolygon", "geometrycollection", "geomcollection"});
}

// The first number of "p,s" / "n" (0 if none).
int FirstArg(const std::string& args) {
  return args.empty() ? 0 : std::atoi(args.c_str());
}
int SecondArg(const std::string& args) {
  size_t comma = args.find(',');
  return comma == std::string::npos ? 0 : std::atoi(args.c_str() + comma + 1);
}

ColumnType IntegerType(const std::string& base, bool is_unsigned) {
  if (base == "tinyint") return {is_unsigned ? TypeId::kSmallInt : TypeId::kTinyInt};
  if (base == "smallint") return {is_unsigned ? TypeId::kInt : TypeId::kSmallInt};
  if (base == "bigint")
    return is_unsigned ? ColumnType{TypeId::kDecimal, 20, 0} : ColumnType{TypeId::kBigInt};
  return {is_unsigned ? TypeId::kBigInt : TypeId::kInt};  // mediumint, int
}

ColumnType DecimalType(const std::string& args) {
  int p = args.empty() ? 10 : FirstArg(args);  // DECIMAL alone is DECIMAL(10,0)
  int s = SecondArg(args);
  if (p > 38) return {TypeId::kString};  // exact text: beyond the warehouse's decimals
  return {TypeId::kDecimal, p, s};
}

std::string WithArgs(const char* base, unsigned long n) {
  return std::string(base) + "(" + std::to_string(n) + ")";
}

bool IsIntegerField(const MYSQL_FIELD& f) {
  switch (f.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG: return true;
    default: return false;
  }
}

std::string IntegerFieldName(const MYSQL_FIELD& f) {
  std::string base;
  switch (f.type) {
    case MYSQL_TYPE_TINY: base = f.length == 1 ? "tinyint(1)" : "tinyint"; break;
    case MYSQL_TYPE_SHORT: base = "smallint"; break;
    case MYSQL_TYPE_INT24: base = "mediumint"; break;
    case MYSQL_TYPE_LONG: base = "int"; break;
    default: base = "bigint";
  }
  return base + ((f.flags & UNSIGNED_FLAG) ? " unsigned" : "");
}

std::string StringFieldName(const MYSQL_FIELD& f) {
  if (f.flags & ENUM_FLAG) return "enum";
  if (f.flags & SET_FLAG) return "set";
  bool binary = f.charsetnr == kBinaryCharset;
  switch (f.type) {
    case MYSQL_TYPE_STRING: return binary ? "binary" : "char";
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_VARCHAR: return binary ? "varbinary" : "varchar";
    default: return binary ? "longblob" : "longtext";
  }
}

}  // namespace

MysqlType ParseMysqlType(std::string_view column_type) {
  std::string t;
  for (char c : column_type) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  MysqlType out;
  size_t i = 0;
  while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_')) ++i;
  out.base = t.substr(0, i);
  std::string tail = t.substr(i);
  if (!tail.empty() && tail[0] == '(') {
    size_t close = tail.rfind(')');  // enum('a)','b') closes at the last ')'
    out.args = tail.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    tail = close == std::string::npos ? "" : tail.substr(close + 1);
  }
  out.is_unsigned = tail.find("unsigned") != std::string::npos;
  return out;
}

ColumnType MysqlTypeToWarehouse(std::string_view column_type) {
  MysqlType t = ParseMysqlType(column_type);
  const std::string& b = t.base;
  if (IsIntegerBase(b)) return IntegerType(b, t.is_unsigned);
  if (b == "bool" || b == "boolean") return {TypeId::kTinyInt};
  if (b == "bit") {
    int n = t.args.empty() ? 1 : FirstArg(t.args);
    return n <= 63 ? ColumnType{TypeId::kBigInt} : ColumnType{TypeId::kDecimal, 20, 0};
  }
  if (b == "float") return {TypeId::kFloat};
  if (OneOf(b, {"double", "real"})) return {TypeId::kDouble};
  if (OneOf(b, {"decimal", "numeric", "dec", "fixed"})) return DecimalType(t.args);
  if (b == "date") return {TypeId::kDate};
  if (b == "datetime") return {TypeId::kDatetime};
  if (b == "timestamp") return {TypeId::kTimestamp};
  if (b == "year") return {TypeId::kInt};
  if (IsBinaryBase(b) || IsGeometryBase(b)) return {TypeId::kBinary};
  // TIME, CHAR/VARCHAR/TEXT, ENUM, SET, JSON, UUID, INET and anything newer:
  // their exact text.
  return {TypeId::kString};
}

std::string MysqlFieldTypeName(const MYSQL_FIELD& f) {
  if (IsIntegerField(f)) return IntegerFieldName(f);
  switch (f.type) {
    case MYSQL_TYPE_BIT: return WithArgs("bit", f.length);
    case MYSQL_TYPE_FLOAT: return "float";
    case MYSQL_TYPE_DOUBLE: return "double";
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL: {
      // The display length counts the sign (unless unsigned) and the point.
      unsigned long p = f.length - (f.decimals > 0 ? 1 : 0) - ((f.flags & UNSIGNED_FLAG) ? 0 : 1);
      return "decimal(" + std::to_string(p) + "," + std::to_string(f.decimals) + ")";
    }
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE: return "date";
    case MYSQL_TYPE_DATETIME: return "datetime";
    case MYSQL_TYPE_TIMESTAMP: return "timestamp";
    case MYSQL_TYPE_TIME: return "time";
    case MYSQL_TYPE_YEAR: return "year";
    case MYSQL_TYPE_JSON: return "json";
    case MYSQL_TYPE_GEOMETRY: return "geometry";
    case MYSQL_TYPE_NULL: return "null";
    default: return StringFieldName(f);
  }
}

bool MysqlNeedsDoubleCast(std::string_view column_type) {
  return ParseMysqlType(column_type).base == "float";
}

MysqlValueKind MysqlFieldKind(const MYSQL_FIELD& f) {
  if (IsIntegerField(f))
    return (f.flags & UNSIGNED_FLAG) ? MysqlValueKind::kUnsigned : MysqlValueKind::kSigned;
  switch (f.type) {
    case MYSQL_TYPE_YEAR: return MysqlValueKind::kSigned;
    case MYSQL_TYPE_BIT: return MysqlValueKind::kBit;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE: return MysqlValueKind::kDouble;
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP: return MysqlValueKind::kDate;
    case MYSQL_TYPE_GEOMETRY: return MysqlValueKind::kBinary;
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
      return f.charsetnr == kBinaryCharset ? MysqlValueKind::kBinary : MysqlValueKind::kText;
    default: return MysqlValueKind::kText;  // DECIMAL, TIME, JSON, ENUM, SET
  }
}

MysqlKeyKind MysqlSplitKeyKind(std::string_view column_type) {
  MysqlType t = ParseMysqlType(column_type);
  const std::string& b = t.base;
  if (IsIntegerBase(b) || b == "year") return MysqlKeyKind::kInteger;
  if (OneOf(b, {"decimal", "numeric", "dec", "fixed", "float", "double", "real"}))
    return MysqlKeyKind::kNumber;
  if (OneOf(b, {"date", "datetime", "timestamp", "time"})) return MysqlKeyKind::kTemporal;
  if (IsTextBase(b)) return MysqlKeyKind::kText;
  if (IsBinaryBase(b)) return MysqlKeyKind::kBinary;
  return MysqlKeyKind::kUnsplittable;
}

std::string QuoteMysqlIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

}  // namespace strata
