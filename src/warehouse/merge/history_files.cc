#include "warehouse/merge/history_files.h"

#include <map>

#include "core/names.h"
#include "warehouse/merge/merge_table.h"

namespace strata {
namespace fs = std::filesystem;

HistoryFiles HistoryFiles::Sort(DuckEngine& db, const fs::path& dir,
                                const std::vector<std::string>& files,
                                const std::string& rewind_from) {
  HistoryFiles out;
  if (files.empty()) return out;
  std::string list;
  for (const auto& f : files) list += (list.empty() ? "" : ", ") + QuoteLiteral((dir / f).string());
  // Per file: its rows and greatest end_ds (NULL when a row group has no
  // statistics: then it is read, to be safe).
  QueryResult r = db.Query(
      "SELECT file_name, sum(row_group_num_rows), "
      "CASE WHEN bool_and(stats_max_value IS NOT NULL) THEN max(stats_max_value) END "
      "FROM parquet_metadata([" +
      list + "]) WHERE path_in_schema = " + QuoteLiteral(kEndDsColumn) + " GROUP BY file_name");
  std::map<std::string, std::pair<int64_t, std::optional<std::string>>> stats;
  for (const auto& row : r.rows) stats[*row[0]] = {std::stoll(row[1].value_or("0")), row[2]};
  for (const auto& f : files) {
    fs::path path = dir / f;
    auto it = stats.find(path.string());
    bool closed = it != stats.end() && it->second.second && *it->second.second != kOpenEndDs &&
                  (rewind_from.empty() || *it->second.second < rewind_from);
    if (!closed) {
      out.rewritten.push_back(path);
      continue;
    }
    out.kept.names.push_back(f);
    out.kept.rows += it->second.first;
  }
  return out;
}

}  // namespace strata
