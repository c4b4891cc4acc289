#pragma once
// Test support: a throwaway strata project with an embedded SQLite source.
// Write strata.yaml and other files, change the source with SQL, run strata.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "strata_process.h"

namespace strata::test {

class ProjectFixture {
 public:
  // Creates the folder and source.db (reachable as connection `src` with URL
  // sqlite:source.db) after running `source_sql` on it.
  explicit ProjectFixture(const std::string& source_sql = "");

  const std::filesystem::path& dir() const { return tmp_.path(); }
  void Write(const std::string& relative, const std::string& text) const;
  // Writes strata.yaml: a header naming the project and connection `src`, then `nodes`.
  void WriteProject(const std::string& nodes_yaml, const std::string& extra_top = "") const;
  void Source(const std::string& sql) const;

  ProcessResult Strata(std::vector<std::string> args,
                       const std::map<std::string, std::string>& env = {}) const;
  // The same, in the background (see StartStrata); output files in dir().
  BackgroundStrata Start(std::vector<std::string> args,
                         const std::map<std::string, std::string>& env = {}) const;
  // Runs and expects success; returns stdout.
  std::string Ok(std::vector<std::string> args) const;
  std::string Csv(const std::string& sql) const { return SqlCsv(dir(), sql); }

 private:
  TempDir tmp_;
};

// The rows of `sql` on the project's scheduler state (.strata/state.db),
// each field as text (NULL as "").
std::vector<std::vector<std::string>> StateRows(const std::filesystem::path& project_dir,
                                                const std::string& sql);
// The same on the warehouse's catalog (warehouse/_strata/catalog.db).
std::vector<std::vector<std::string>> CatalogRows(const std::filesystem::path& project_dir,
                                                  const std::string& sql);
// The same on any SQLite file.
std::vector<std::vector<std::string>> DbRows(const std::filesystem::path& file,
                                             const std::string& sql);

}  // namespace strata::test
