#pragma once
// Shared by the quality rule tests (quality_checks_test.cc,
// quality_all_or_nothing_test.cc): what a test reads back from a project
// folder to prove a partition was or was not published, and whether a node
// ran.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "project_fixture.h"

namespace strata::test {

// The first field of the first row of `sql` on the state database; "none".
inline std::string StateScalar(const std::filesystem::path& dir, const std::string& sql) {
  auto rows = StateRows(dir, sql);
  return rows.empty() || rows[0].empty() ? "none" : rows[0][0];
}

// A partition as the catalog has it: "<commit> <rows> <files>"; "none".
inline std::string CatalogPartition(const std::filesystem::path& dir, const std::string& table,
                                    const std::string& spec) {
  auto rows = CatalogRows(dir,
                          "select commit_id || ' ' || rows || ' ' || file_names from "
                          "partitions where table_name = '" +
                              table + "' and spec = '" + spec + "'");
  return rows.empty() ? "none" : rows[0][0];
}

// The names of the files in warehouse/<rel>, sorted; "none" if no folder.
inline std::string FolderFiles(const std::filesystem::path& dir, const std::string& rel) {
  std::filesystem::path folder = dir / "warehouse" / rel;
  if (!std::filesystem::exists(folder)) return "none";
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(folder))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += n + " ";
  return out;
}

// How many attempts the instances of `node` have made.
inline int NodeAttempts(const std::filesystem::path& dir, const std::string& node) {
  return std::stoi(
      StateScalar(dir,
                  "select count(*) from attempts a join instances i on i.id = a.instance "
                  "where i.node = '" +
                      node + "'"));
}

// Whether nothing is left in the warehouse's staging folder.
inline bool StagingEmpty(const std::filesystem::path& dir) {
  std::filesystem::path staging = dir / "warehouse/_strata/staging";
  return !std::filesystem::exists(staging) || std::filesystem::is_empty(staging);
}

}  // namespace strata::test
