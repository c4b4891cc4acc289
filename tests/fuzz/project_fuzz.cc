// Fuzzes the project loader (ParseProject: strata.yaml through yaml-cpp,
// YamlValue's checks, the schedule, node and connection parsers and the DAG
// validation) with the input as the content of strata.yaml.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/error.h"
#include "schedule/project.h"

namespace {

// A project folder holding the files the seeds name (tables: and sql_file:),
// so that inputs get past the file checks to the rest of the loader.
std::filesystem::path ProjectRoot() {
  std::filesystem::path root = std::filesystem::temp_directory_path() / "strata_project_fuzz";
  for (const char* file : {"ddl/ods_oplog.sql", "sql/dw_user_inc_merge.sql"}) {
    std::filesystem::create_directories((root / file).parent_path());
    std::ofstream(root / file) << "select 1;\n";
  }
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::filesystem::path root = ProjectRoot();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    strata::ParseProject(root, text);
  } catch (const strata::Error&) {
  }
  return 0;
}
