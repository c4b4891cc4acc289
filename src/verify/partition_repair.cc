#include "verify/partition_repair.h"

#include "core/names.h"
#include "sync/dirty_log.h"
#include "sync/split_producer.h"
#include "sync/target_table.h"
#include "warehouse/ingest/parquet_ingest.h"

namespace strata {

RepairResult RepairPartition(Warehouse& wh, Source& source, const RepairRequest& r) {
  const SyncRequest& req = *r.sync;
  SourceTable src = source.Describe(req.read);
  TableInfo target = wh.RequireTable(req.target_table);
  std::vector<int> target_of = MapColumns(src, target.columns, target.name, true);

  // The source's rows for the keys, one split per batch of keys.
  std::vector<Split> splits;
  for (size_t i = 0; i < r.source_filters.size(); ++i)
    splits.push_back({r.source_filters[i], "keys that differ, batch " + std::to_string(i + 1)});
  // What stays: every column of the old version, outside those keys.
  std::string columns;
  for (const auto& c : target.columns)
    columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(c.name);
  std::string keep_where = r.warehouse_partition_filter;
  for (const auto& f : r.warehouse_filters)
    keep_where += (keep_where.empty() ? "" : " AND ") + std::string("NOT (") + f + ")";
  std::string keep = "SELECT " + columns + " FROM " + QuoteIdentifier(target.name) +
                     (keep_where.empty() ? "" : " WHERE " + keep_where);

  RepairResult out;
  auto dirty_file = wh.DirtyDir() / req.node / (req.bizdate + ".repair.jsonl");
  DirtyLog dirty(dirty_file, req.max_dirty_records);
  SplitProducer producer(&source, req.read, std::move(splits), 1, &target.columns,
                         std::move(target_of), &dirty);
  out.partition =
      wh.WritePartition(target.name, r.spec, CommitMode::kOverwrite, [&](const StagedPartition& s) {
        out.kept = wh.engine().ExecuteCount("COPY (" + keep + ") TO " +
                                            QuoteLiteral(s.NewFile(0).string()) +
                                            " (FORMAT parquet, COMPRESSION zstd)");
        out.fetched = WriteParquet(wh.engine(), target.columns, producer, s.NewFile(1));
        return out.kept + out.fetched;
      });
  return out;
}

}  // namespace strata
