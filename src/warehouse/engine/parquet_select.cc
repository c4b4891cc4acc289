#include "warehouse/engine/parquet_select.h"

#include "core/names.h"

namespace strata {

std::string CastList(const Schema& schema) {
  std::string out;
  for (const auto& c : schema) {
    if (!out.empty()) out += ", ";
    out += "CAST(" + QuoteIdentifier(c.name) + " AS " + c.type.ToDuckDB() + ") AS " +
           QuoteIdentifier(c.name);
  }
  return out;
}

std::string EmptySelect(const Schema& schema, const std::string& where) {
  std::string out;
  for (const auto& c : schema) {
    if (!out.empty()) out += ", ";
    out += "CAST(NULL AS " + c.type.ToDuckDB() + ") AS " + QuoteIdentifier(c.name);
  }
  return "SELECT " + out + " WHERE " + where;
}

std::string ParquetFilesSelect(const Schema& schema,
                               const std::vector<std::filesystem::path>& files, bool by_name) {
  if (files.empty()) return EmptySelect(schema);
  std::string list;
  for (const auto& f : files) list += (list.empty() ? "" : ", ") + QuoteLiteral(f.string());
  if (!by_name) return "SELECT " + CastList(schema) + " FROM read_parquet([" + list + "])";
  return "SELECT " + CastList(schema) + " FROM " +
         WithMissingColumns("read_parquet([" + list + "], union_by_name = true)",
                            EmptySelect(schema));
}

std::string WithMissingColumns(const std::string& read, const std::string& empty) {
  return "(FROM " + read + " UNION ALL BY NAME " + empty + ")";
}

}  // namespace strata
