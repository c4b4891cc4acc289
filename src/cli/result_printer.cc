#include "cli/result_printer.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/display_width.h"

namespace strata::cli {
namespace {

using Json = nlohmann::ordered_json;

bool IsNumeric(const std::string& type) {
  for (const char* t : {"INT", "DECIMAL", "DOUBLE", "FLOAT", "HUGEINT"})
    if (type.find(t) != std::string::npos) return true;
  return false;
}

bool IsInteger(const std::string& t) {
  for (const char* name :
       {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"})
    if (t == name) return true;
  return false;
}

// DuckTypeName's names of the types whose values print as JSON arrays or objects.
bool IsNested(const std::string& t) {
  for (const char* name : {"LIST", "STRUCT", "MAP", "ARRAY", "UNION"})
    if (t == name) return true;
  return false;
}

std::string CsvField(const std::string& v) {
  if (v.empty()) return "\"\"";
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// DuckDB's "2024-01-01 10:00:00.5+00" as "2024-01-01T10:00:00.5+00:00".
std::string IsoTimestampTz(std::string v) {
  if (auto sp = v.find(' '); sp != std::string::npos) v[sp] = 'T';
  size_t sign = v.find_last_of("+-");
  if (sign != std::string::npos && sign > 10 && v.size() - sign == 3) v += ":00";
  return v;
}

Json TypedValue(const std::string& type, const std::string& text, const std::string* json) {
  if (json && IsNested(type)) return Json::parse(*json);
  if (type == "TIMESTAMP WITH TIME ZONE") return IsoTimestampTz(text);
  if (type == "BOOLEAN") return text == "true";
  if (IsInteger(type)) return type[0] == 'U' ? Json(std::stoull(text)) : Json(std::stoll(text));
  if (type == "DOUBLE" || type == "FLOAT") {
    double d = std::stod(text);
    return std::isfinite(d) ? Json(d) : Json(text);
  }
  return text;
}

// What a table cell shows: NULL apart from the text 'NULL'.
std::string TableText(const std::optional<std::string>& v) {
  if (!v) return "NULL";
  return *v == "NULL" ? "'NULL'" : *v;
}

}  // namespace

void PrintTable(const QueryResult& r, std::ostream& out, bool color) {
  std::vector<size_t> w(r.columns.size());
  for (size_t c = 0; c < r.columns.size(); ++c) {
    w[c] = DisplayWidth(r.columns[c]);
    for (const auto& row : r.rows) w[c] = std::max(w[c], DisplayWidth(TableText(row[c])));
  }
  auto rule = [&] {
    out << "+";
    for (size_t c = 0; c < w.size(); ++c) out << std::string(w[c] + 2, '-') << "+";
    out << "\n";
  };
  auto cell = [&](const std::string& v, size_t c, bool right, bool dim) {
    std::string pad(w[c] - DisplayWidth(v), ' ');
    std::string shown = dim ? "\033[2m" + v + "\033[0m" : v;
    out << " " << (right ? pad + shown : shown + pad) << " |";
  };
  rule();
  out << "|";
  for (size_t c = 0; c < w.size(); ++c) cell(r.columns[c], c, false, false);
  out << "\n";
  rule();
  for (const auto& row : r.rows) {
    out << "|";
    for (size_t c = 0; c < w.size(); ++c)
      cell(TableText(row[c]), c, IsNumeric(r.types[c]), color && !row[c]);
    out << "\n";
  }
  rule();
  out << "(" << r.rows.size() << (r.rows.size() == 1 ? " row)\n" : " rows)\n");
}

void PrintCsv(const QueryResult& r, std::ostream& out, const std::optional<std::string>& null_as) {
  for (size_t c = 0; c < r.columns.size(); ++c) out << (c ? "," : "") << CsvField(r.columns[c]);
  out << "\n";
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      out << (c ? "," : "");
      if (row[c])
        out << CsvField(*row[c]);
      else if (null_as && !null_as->empty())
        out << CsvField(*null_as);
    }
    out << "\n";
  }
}

void PrintJson(const QueryResult& r, std::ostream& out) {
  Json arr = Json::array();
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    Json obj = Json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      const auto* json =
          i < r.json_rows.size() && r.json_rows[i][c] ? &*r.json_rows[i][c] : nullptr;
      obj[r.columns[c]] = row[c] ? TypedValue(r.types[c], *row[c], json) : Json(nullptr);
    }
    arr.push_back(std::move(obj));
  }
  out << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void PrintResult(const QueryResult& r, const PrintOptions& o, std::ostream& out) {
  if (o.format == "csv") return PrintCsv(r, out, o.null_as);
  if (o.format == "json") return PrintJson(r, out);
  PrintTable(r, out, o.color);
}

}  // namespace strata::cli
