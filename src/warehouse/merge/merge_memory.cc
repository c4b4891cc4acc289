#include "warehouse/merge/merge_memory.h"

#include <string>

#include "core/names.h"

namespace strata {

MergeMemory::MergeMemory(DuckEngine& engine, const std::filesystem::path& spill) : engine_(engine) {
  std::filesystem::create_directories(spill);
  engine_.Execute("SET memory_limit = '" + std::string(kMergeMemoryLimit) +
                  "'; SET temp_directory = " + QuoteLiteral(spill.string()) +
                  "; SET preserve_insertion_order = false");
}

MergeMemory::~MergeMemory() {
  try {
    engine_.Execute("RESET memory_limit; RESET temp_directory; RESET preserve_insertion_order");
  } catch (...) {
  }
}

}  // namespace strata
