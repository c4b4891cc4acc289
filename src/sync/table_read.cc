#include "sync/table_read.h"

#include <algorithm>

#include "core/ticker.h"
#include "sync/split_producer.h"
#include "sync/target_table.h"

namespace strata {

int64_t ReadTableInto(Warehouse& wh, Source& source, const ReadSpec& read, int channels,
                      const Schema& target, const std::string& table, DirtyLog& dirty,
                      const std::filesystem::path& file, int64_t* bytes,
                      const std::function<void(const SyncProgress&)>& progress) {
  SourceTable src = source.Describe(read);
  std::vector<int> target_of = MapColumns(src, target, table, true);  // evolution checked it
  std::optional<RowEstimate> total = progress ? source.EstimateRows(read) : std::nullopt;
  SplitProducer producer(&source, read, source.PlanSplits(read, channels), std::max(1, channels),
                         &target, std::move(target_of), &dirty);
  Ticker ticker(ProgressTick(progress, producer, dirty, total));
  WriteParquet(wh.engine(), target, producer, file);
  if (bytes) *bytes = producer.bytes_read();
  return producer.rows_read();
}

}  // namespace strata
