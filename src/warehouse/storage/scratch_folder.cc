#include "warehouse/storage/scratch_folder.h"

namespace strata {

ScratchFolder::ScratchFolder(PartitionStore& store, const std::string& table)
    : store_(store), staged_(store.Stage(table, "", CommitMode::kOverwrite)) {}

ScratchFolder::~ScratchFolder() {
  store_.Abandon(staged_);
}

}  // namespace strata
