#include "warehouse/merge/merge_memory.h"

#include <string>

#include "core/names.h"

namespace strata {

MergeMemory::MergeMemory(DuckEngine& engine, const std::filesystem::path& spill) : engine_(engine) {
  std::filesystem::create_directories(spill);
  // DuckDB cannot switch its temporary directory once it has spilled there
  // ("Cannot switch temporary directory after the current one has been
  // used"), and a capture run bounds memory twice (netting, then the
  // merge): the spill folder is set once and kept for the engine's life.
  QueryResult current = engine_.Query("SELECT current_setting('temp_directory')");
  if (current.rows.at(0).at(0).value_or("") != spill.string())
    engine_.Execute("SET temp_directory = " + QuoteLiteral(spill.string()));
  engine_.Execute("SET memory_limit = '" + std::string(kMergeMemoryLimit) +
                  "'; SET preserve_insertion_order = false");
}

MergeMemory::~MergeMemory() {
  try {
    engine_.Execute("RESET memory_limit; RESET preserve_insertion_order");
  } catch (...) {
  }
}

}  // namespace strata
