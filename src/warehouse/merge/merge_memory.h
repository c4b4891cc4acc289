#pragma once
// MergeMemory bounds DuckDB's memory while a merge (or a capture's netting
// of change rows) works: kMergeMemoryLimit, the rest spilling to the
// warehouse's own folder instead of growing, and the allocator giving back
// what a merge step frees past kMergeFlushThreshold. Row order means nothing
// in a merge's files, so DuckDB need not keep it. Restores the engine's
// memory limit, flush threshold and order when it goes; the spill folder
// stays the engine's. Not thread-safe: the settings are the engine's
// database's, shared by whatever else uses that engine meanwhile.

#include <filesystem>

#include "warehouse/engine/duckdb_engine.h"

namespace strata {

// DuckDB's memory during a merge; the rest spills to _strata/spill.
inline constexpr const char* kMergeMemoryLimit = "192MB";
// A bulk free past this returns the allocator's pages to the system.
inline constexpr const char* kMergeFlushThreshold = "4MB";

class MergeMemory {
 public:
  MergeMemory(DuckEngine& engine, const std::filesystem::path& spill);
  ~MergeMemory();
  MergeMemory(const MergeMemory&) = delete;
  MergeMemory& operator=(const MergeMemory&) = delete;

 private:
  DuckEngine& engine_;
};

}  // namespace strata
