#include "cli/result_printer.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sync/value_parsers.h"

namespace strata::cli {
namespace {

constexpr const char* kNull = "NULL";

size_t Width(const std::string& s) {
  return Utf8Length(s).value_or(s.size());
}

bool IsNumeric(const std::string& type) {
  for (const char* t : {"INT", "DECIMAL", "DOUBLE", "FLOAT", "HUGEINT"})
    if (type.find(t) != std::string::npos) return true;
  return false;
}

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

void PrintTable(const QueryResult& r, std::ostream& out) {
  std::vector<size_t> w(r.columns.size());
  for (size_t c = 0; c < r.columns.size(); ++c) {
    w[c] = Width(r.columns[c]);
    for (const auto& row : r.rows) w[c] = std::max(w[c], Width(row[c].value_or(kNull)));
  }
  auto rule = [&] {
    out << "+";
    for (size_t c = 0; c < w.size(); ++c) out << std::string(w[c] + 2, '-') << "+";
    out << "\n";
  };
  auto cell = [&](const std::string& v, size_t c, bool right) {
    std::string pad(w[c] - Width(v), ' ');
    out << " " << (right ? pad + v : v + pad) << " |";
  };
  rule();
  out << "|";
  for (size_t c = 0; c < w.size(); ++c) cell(r.columns[c], c, false);
  out << "\n";
  rule();
  for (const auto& row : r.rows) {
    out << "|";
    for (size_t c = 0; c < w.size(); ++c) cell(row[c].value_or(kNull), c, IsNumeric(r.types[c]));
    out << "\n";
  }
  rule();
  out << "(" << r.rows.size() << (r.rows.size() == 1 ? " row)\n" : " rows)\n");
}

void PrintCsv(const QueryResult& r, std::ostream& out) {
  for (size_t c = 0; c < r.columns.size(); ++c) out << (c ? "," : "") << CsvField(r.columns[c]);
  out << "\n";
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << CsvField(row[c].value_or(""));
    out << "\n";
  }
}

void PrintJson(const QueryResult& r, std::ostream& out) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t c = 0; c < row.size(); ++c)
      obj[r.columns[c]] =
          row[c] ? nlohmann::ordered_json(*row[c]) : nlohmann::ordered_json(nullptr);
    arr.push_back(std::move(obj));
  }
  out << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void PrintResult(const QueryResult& r, const std::string& format, std::ostream& out) {
  if (format == "csv") return PrintCsv(r, out);
  if (format == "json") return PrintJson(r, out);
  PrintTable(r, out);
}

}  // namespace strata::cli
