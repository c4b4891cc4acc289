#include "core/column_type.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/ascii_case.h"

namespace strata {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int> ParseInt(std::string_view s) {
  s = Trim(s);
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Splits "name(args)" into name and the numbers inside the parentheses.
bool SplitArgs(std::string_view text, std::string* name, std::vector<int>* args) {
  auto open = text.find('(');
  if (open == std::string_view::npos) {
    *name = AsciiLower(Trim(text));
    return true;
  }
  if (text.back() != ')') return false;
  *name = AsciiLower(Trim(text.substr(0, open)));
  std::string_view inner = text.substr(open + 1, text.size() - open - 2);
  while (true) {
    auto comma = inner.find(',');
    auto v = ParseInt(inner.substr(0, comma));
    if (!v) return false;
    args->push_back(*v);
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return true;
}

struct Simple {
  const char* name;
  TypeId id;
};
constexpr Simple kSimple[] = {
    {"boolean", TypeId::kBoolean},   {"tinyint", TypeId::kTinyInt},
    {"smallint", TypeId::kSmallInt}, {"int", TypeId::kInt},
    {"integer", TypeId::kInt},       {"bigint", TypeId::kBigInt},
    {"float", TypeId::kFloat},       {"double", TypeId::kDouble},
    {"string", TypeId::kString},     {"date", TypeId::kDate},
    {"datetime", TypeId::kDatetime}, {"timestamp", TypeId::kTimestamp},
    {"binary", TypeId::kBinary},
};

}  // namespace

bool ColumnType::IsInteger() const {
  return id == TypeId::kTinyInt || id == TypeId::kSmallInt || id == TypeId::kInt ||
         id == TypeId::kBigInt;
}

std::string ColumnType::ToMaxCompute() const {
  switch (id) {
    case TypeId::kDecimal:
      return "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case TypeId::kVarchar: return "varchar(" + std::to_string(length) + ")";
    case TypeId::kChar: return "char(" + std::to_string(length) + ")";
    default:
      for (const auto& s : kSimple)
        if (s.id == id && std::string_view(s.name) != "integer") return s.name;
  }
  return "string";
}

std::string ColumnType::ToDuckDB() const {
  switch (id) {
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kTinyInt: return "TINYINT";
    case TypeId::kSmallInt: return "SMALLINT";
    case TypeId::kInt: return "INTEGER";
    case TypeId::kBigInt: return "BIGINT";
    case TypeId::kFloat: return "FLOAT";
    case TypeId::kDouble: return "DOUBLE";
    case TypeId::kDecimal:
      return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case TypeId::kString:
    case TypeId::kVarchar:
    case TypeId::kChar: return "VARCHAR";
    case TypeId::kDate: return "DATE";
    case TypeId::kDatetime: return "TIMESTAMP";
    case TypeId::kTimestamp: return "TIMESTAMP WITH TIME ZONE";
    case TypeId::kBinary: return "BLOB";
  }
  return "VARCHAR";
}

std::optional<ColumnType> ParseColumnType(std::string_view text) {
  std::string name;
  std::vector<int> args;
  if (!SplitArgs(Trim(text), &name, &args)) return std::nullopt;
  ColumnType t;
  if (name == "decimal" || name == "numeric") {
    t.id = TypeId::kDecimal;
    t.precision = args.empty() ? 10 : args[0];
    t.scale = args.size() > 1 ? args[1] : 0;
    if (args.size() > 2 || t.precision < 1 || t.precision > 38 || t.scale < 0 ||
        t.scale > t.precision)
      return std::nullopt;
    return t;
  }
  if (name == "varchar" || name == "char") {
    t.id = name == "varchar" ? TypeId::kVarchar : TypeId::kChar;
    if (args.size() != 1 || args[0] < 1 || args[0] > 65535) return std::nullopt;
    t.length = args[0];
    return t;
  }
  if (!args.empty()) return std::nullopt;
  for (const auto& s : kSimple)
    if (name == s.name) return ColumnType{s.id};
  return std::nullopt;
}

}  // namespace strata
