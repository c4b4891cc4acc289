#include "verify/verify_output.h"

namespace strata {
namespace {

// 5000000 -> "5,000,000"
std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string Shown(const std::optional<std::string>& v) {
  return v ? "'" + *v + "'" : "NULL";
}

std::string KeyText(const RowDiff& row) {
  std::string out;
  for (const auto& [name, value] : row.key)
    out += (out.empty() ? "" : ", ") + name + "=" + (value ? *value : "NULL");
  return out;
}

std::string RowLine(const RowDiff& row) {
  std::string line = "  " + row.kind + " " + KeyText(row);
  if (row.kind == "missing") return line + ": in the source, not in the warehouse\n";
  if (row.kind == "extra") return line + ": in the warehouse, not in the source\n";
  if (row.kind == "duplicate") return line + ": the key appears more than once\n";
  std::string cells;
  for (const auto& c : row.cells)
    cells += (cells.empty() ? ": " : "; ") + c.column + " source " + Shown(c.source) +
             " warehouse " + Shown(c.warehouse);
  return line + cells + "\n";
}

nlohmann::json ComparisonJson(const Comparison& c) {
  nlohmann::json buckets = nlohmann::json::array(), rows = nlohmann::json::array();
  for (const auto& b : c.buckets)
    buckets.push_back({{"bucket", b.bucket},
                       {"source_rows", b.source_rows},
                       {"warehouse_rows", b.warehouse_rows}});
  for (const auto& r : c.rows) {
    nlohmann::json key = nlohmann::json::object(), cells = nlohmann::json::array();
    for (const auto& [name, value] : r.key) key[name] = value ? nlohmann::json(*value) : nullptr;
    for (const auto& cell : r.cells)
      cells.push_back({{"column", cell.column},
                       {"source", cell.source ? nlohmann::json(*cell.source) : nullptr},
                       {"warehouse", cell.warehouse ? nlohmann::json(*cell.warehouse) : nullptr}});
    rows.push_back({{"kind", r.kind}, {"key", key}, {"cells", cells}});
  }
  nlohmann::json out = {{"equal", c.differing == 0},
                        {"source_rows", c.source_rows},
                        {"warehouse_rows", c.warehouse_rows},
                        {"differing_rows", c.differing},
                        {"method", c.method},
                        {"ranges", buckets},
                        {"rows", rows}};
  if (!c.method_note.empty()) out["method_note"] = c.method_note;
  return out;
}

}  // namespace

std::string VerifyVerdict(const VerifyReport& r, const Comparison& c) {
  std::string head = "verified " + r.table + (r.partition.empty() ? "" : " " + r.partition) + ": ";
  if (c.differing == 0) return head + Grouped(c.source_rows) + " rows equal";
  return head + "differs: " + Grouped(c.differing) + (c.differing == 1 ? " row" : " rows") +
         " (source " + Grouped(c.source_rows) + " rows, warehouse " + Grouped(c.warehouse_rows) +
         ")";
}

std::string FormatVerifyText(const VerifyReport& r) {
  std::string out;
  const Comparison& first = r.before_repair ? *r.before_repair : r.comparison;
  out += VerifyVerdict(r, first) + "\n";
  for (const auto& row : first.rows) out += RowLine(row);
  if (first.differing > static_cast<int64_t>(first.rows.size()))
    out += "  … and " + Grouped(first.differing - static_cast<int64_t>(first.rows.size())) +
           " more (--limit)\n";
  if (r.repair) {
    out += "repaired " + r.table + (r.partition.empty() ? "" : " " + r.partition) + ": " +
           Grouped(r.repair->fetched) + " rows read again from the source, " +
           Grouped(r.repair->kept) + " kept; new version committed\n";
    out += VerifyVerdict(r, r.comparison) + "\n";
    for (const auto& row : r.comparison.rows) out += RowLine(row);
  }
  return out;
}

nlohmann::json VerifyJson(const VerifyReport& r) {
  nlohmann::json out = {{"node", r.node},
                        {"table", r.table},
                        {"partition", r.partition},
                        {"key", r.key},
                        {"source_bytes", r.source_bytes},
                        {"seconds", r.seconds}};
  const Comparison& first = r.before_repair ? *r.before_repair : r.comparison;
  out.update(ComparisonJson(first));
  if (r.repair)
    out["repair"] = {{"rows_fetched", r.repair->fetched},
                     {"rows_kept", r.repair->kept},
                     {"after", ComparisonJson(r.comparison)}};
  return out;
}

}  // namespace strata
