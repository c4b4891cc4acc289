#pragma once
// ScratchFolder is a staging folder for a run's working files (a merge's
// increment and keys, a capture's log read): it is never committed, and it
// goes, with whatever is in it, when the object does, whether the run
// succeeded or not. The PartitionStore must outlive it. Not thread-safe.

#include <filesystem>
#include <string>

#include "warehouse/storage/partition_store.h"

namespace strata {

class ScratchFolder {
 public:
  // Stages under `table`'s name (an unpartitioned overwrite), so recovery
  // after a crash clears it like any abandoned staging.
  ScratchFolder(PartitionStore& store, const std::string& table);
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  std::filesystem::path NewFile(int index) const { return staged_.NewFile(index); }
  const std::filesystem::path& dir() const { return staged_.dir; }

 private:
  PartitionStore& store_;
  StagedPartition staged_;
};

}  // namespace strata
