#pragma once
// One function per `strata` command. Each returns the process exit status
// and throws strata::Error for failures that app.cc prints as one line.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.h"

namespace strata::cli {

struct RunOptions {
  std::filesystem::path project_dir;
  std::optional<std::string> date;  // YYYYMMDD business date; default yesterday
  std::vector<std::string> nodes;
};
int RunCommand(const RunOptions& options);

struct SqlOptions {
  std::filesystem::path project_dir;
  std::optional<std::string> date;
  std::string format = "table";  // table | csv | json
  std::string sql;
  std::string file;
};
int SqlCommand(const SqlOptions& options);

int TablesCommand(const std::filesystem::path& project_dir);
int PartitionsCommand(const std::filesystem::path& project_dir, const std::string& table);
int DemoCommand(const std::filesystem::path& dir);

// The business date a --date flag names, or yesterday (local time) without one.
CivilTime ResolveBizdate(const std::optional<std::string>& date);

}  // namespace strata::cli
