#pragma once
// The seed document's scenario as a strata project: its source tables and
// rows, the day's changes, its warehouse DDL, its nodes and its merge SQL.
// Pure data; `strata demo` writes it out and runs it like any project.

#include <string>
#include <vector>

namespace strata::cli {

struct ProjectFile {
  const char* path;  // relative to the project folder
  const char* text;
};

// strata.yaml, tables/*.sql, sql/*.sql.
const std::vector<ProjectFile>& SeedProjectFiles();
// SQLite statements that create the source tables with the seed's history.
const char* SeedSourceHistory();
// The seed's incremental statements, dated 2016-11-14.
const char* SeedSourceChanges();

}  // namespace strata::cli
