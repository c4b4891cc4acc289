#pragma once
// ReadTableInto reads what a ReadSpec selects from a Source, across the
// node's channels, into one Parquet file with the columns of `target` (a
// subset of the warehouse table's, matched by name; a column the source
// lacks stays NULL), rows that do not convert going to the DirtyLog. Used
// by the runs that read into scratch files before a merge: the increment
// and the keys of a merge, a capture's first snapshot.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "source/source.h"
#include "sync/dirty_log.h"
#include "sync/sync_task.h"
#include "warehouse/warehouse.h"

namespace strata {

// Returns the rows read; `bytes` (optional) gets the bytes read. A live
// progress line goes to `progress` when set. Throws strata::Error.
int64_t ReadTableInto(Warehouse& wh, Source& source, const ReadSpec& read, int channels,
                      const Schema& target, const std::string& table, DirtyLog& dirty,
                      const std::filesystem::path& file, int64_t* bytes,
                      const std::function<void(const SyncProgress&)>& progress);

}  // namespace strata
