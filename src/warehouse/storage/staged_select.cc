#include "warehouse/storage/staged_select.h"

#include <algorithm>

#include "core/names.h"
#include "warehouse/engine/parquet_select.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

// "ds=20161114/hh=01" -> the value of each partition column, in order.
std::vector<std::string> SpecValues(const std::string& spec) {
  std::vector<std::string> values;
  size_t start = 0;
  while (start < spec.size()) {
    size_t slash = spec.find('/', start);
    std::string part = spec.substr(start, slash == std::string::npos ? slash : slash - start);
    size_t eq = part.find('=');
    values.push_back(eq == std::string::npos ? "" : part.substr(eq + 1));
    start = slash == std::string::npos ? spec.size() : slash + 1;
  }
  return values;
}

}  // namespace

std::vector<fs::path> StagedFiles(const StagedPartition& staged) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(staged.dir))
    if (entry.path().extension() == ".parquet") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string StagedSelect(const TableInfo& table, const StagedPartition& staged) {
  std::string select = ParquetFilesSelect(table.columns, StagedFiles(staged), true);
  std::vector<std::string> values = SpecValues(staged.spec);
  std::string extra;
  for (size_t i = 0; i < table.partition_columns.size() && i < values.size(); ++i) {
    const Column& c = table.partition_columns[i];
    extra += ", CAST(" + QuoteLiteral(values[i]) + " AS " + c.type.ToDuckDB() + ") AS " +
             QuoteIdentifier(c.name);
  }
  return extra.empty() ? select : "SELECT *" + extra + " FROM (" + select + ")";
}

}  // namespace strata
