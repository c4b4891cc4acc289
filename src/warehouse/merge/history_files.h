#pragma once
// HistoryFiles sorts a history table's files into those a run reads and
// rewrites and those its commit keeps as they are. A run writes the versions
// it closes to a file of their own, so a file whose versions all closed
// before the run's rewind point (all of them, for a run of a new date) holds
// nothing the run can change; only the open versions' files, and the closed
// files a rerun rewinds, are read. A day's run then costs its changes plus
// one pass over the open versions, not over every version ever closed.
//
// The sort reads the files' Parquet statistics of end_ds (footers only), so
// it needs no state of its own and holds for files written before this
// layout (their open and closed versions together: read, and split by the
// next run). Value type.

#include <filesystem>
#include <string>
#include <vector>

#include "warehouse/engine/duckdb_engine.h"
#include "warehouse/storage/partition_store.h"

namespace strata {

struct HistoryFiles {
  std::vector<std::filesystem::path> rewritten;  // read by the run, replaced by its files
  CarriedFiles kept;                             // committed as they are

  // `files` are the table's, in `dir`; `rewind_from` is the first date a
  // rerun undoes ("" for a run of a new date).
  static HistoryFiles Sort(DuckEngine& db, const std::filesystem::path& dir,
                           const std::vector<std::string>& files, const std::string& rewind_from);
};

}  // namespace strata
