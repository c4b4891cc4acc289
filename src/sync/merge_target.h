#pragma once
// What a merge run reads from and writes to, resolved before any row moves:
// the source (opened and described), the merge's settings against its
// columns (the key defaults to the source's primary key), and the target
// table, created or evolved to follow the source's columns (its soft delete
// or history columns staying last).

#include <memory>
#include <string>

#include "source/source.h"
#include "sync/merge_sync.h"

namespace strata {

struct MergeRead {
  std::unique_ptr<Source> source;
  SourceTable src;
  MergeOptions options;
  TableInfo target;
  Schema data;       // the target's columns less the soft delete or history columns
  std::string note;  // the schema changes this run made
};

// Throws strata::Error naming what is wrong (no key, a key column the
// source lacks, a table of another kind).
MergeRead ResolveMergeRead(Warehouse& wh, const MergeSyncRequest& request);

// The column of `src` whose lower-cased name is `name`, or nullptr.
const SourceColumn* SourceColumnNamed(const SourceTable& src, const std::string& name);

// Now in UTC as "2024-01-01 00:00:00": a merge's read time (MergeInput).
std::string UtcNowText();

}  // namespace strata
