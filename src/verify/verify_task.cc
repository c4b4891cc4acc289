#include "verify/verify_task.h"

#include <chrono>

#include "core/error.h"
#include "core/names.h"
#include "sync/target_table.h"
#include "verify/mariadb_table_checksum.h"
#include "verify/source_side.h"
#include "verify/warehouse_side.h"
#include "warehouse/merge/merge_state.h"
#include "warehouse/merge/merge_table.h"

namespace strata {
namespace {

// The compared columns: every column the node reads, typed as the warehouse stores it.
ComparedColumns PairColumns(const SourceTable& src, const TableInfo& target,
                            const std::vector<std::string>& key) {
  std::vector<int> target_of = MapColumns(src, target.columns, target.name, true);
  ComparedColumns out;
  for (size_t i = 0; i < src.columns.size(); ++i) {
    const Column& t = target.columns[target_of[i]];
    out.names.push_back(t.name);
    out.source.push_back({src.columns[i].name, src.columns[i].native_type, t.type});
    out.warehouse.push_back({t.name, "", t.type});
  }
  for (const auto& k : key) {
    int found = -1;
    for (size_t i = 0; i < out.names.size(); ++i)
      if (LowerName(out.names[i]) == LowerName(k)) found = static_cast<int>(i);
    if (found < 0) throw Error("key column '" + k + "' is not among the columns the node reads");
    out.key.push_back(found);
  }
  return out;
}

// The warehouse rows the node's output is: a relation and a filter on it;
// `label` gets how the verdict names them ("ds=20240101", "as of 20240101").
std::pair<std::string, std::string> WarehouseRows(Warehouse& wh, const VerifyRequest& req,
                                                  const TableInfo& target, std::string* label) {
  const std::string& date = req.sync.bizdate;
  if (req.table == VerifiedTable::kMerge)
    return {QuoteIdentifier(target.name),
            req.soft_deletes ? QuoteIdentifier(kDeletedColumn) + " IS NOT TRUE" : ""};
  if (req.table == VerifiedTable::kHistory) {
    std::string state = wh.catalog().TableState(target.name);
    std::string latest = state.empty() ? "" : MergeState::FromJson(state, target.name).current.ds;
    if (latest != date)
      throw Error("history table '" + target.name + "' is at " +
                  (latest.empty() ? std::string("no date yet") : latest) +
                  "; verify compares the latest date's snapshot with the source (--date " +
                  (latest.empty() ? std::string("…") : latest) + ")");
    *label = "as of " + date;
    return {"as_of(" + QuoteLiteral(target.name) + ", " + QuoteLiteral(date) + ")", ""};
  }
  *label = wh.CheckPartitionSpec(target, req.sync.partition);
  if (!wh.catalog().FindPartition(target.name, *label))
    throw Error("table '" + target.name + "' has no partition " +
                (label->empty() ? "(it was never written)" : *label));
  return {QuoteIdentifier(target.name), PartitionFilterSql(*label)};
}

// An equal table proved by the server's own checksum where it has one; else
// (or when it differs) compared by buckets, which finds the rows.
Comparison QuickThenBuckets(VerifySide& source, VerifySide& warehouse, const ReadSpec& spec,
                            const ComparedColumns& columns, TableComparer& comparer, int limit) {
  MariaDbTableChecksum checksum(source, warehouse, spec, columns);
  if (std::optional<int64_t> rows = checksum.EqualRows()) {
    Comparison equal;
    equal.source_rows = equal.warehouse_rows = *rows;
    equal.levels = 1;
    equal.method = "checksum table";
    return equal;
  }
  Comparison compared = comparer.Compare(limit, checksum.differs());
  if (source.dialect() == SqlDialect::kMysql) compared.method_note = checksum.why_not();
  return compared;
}

}  // namespace

VerifyReport RunVerify(Warehouse& wh, const VerifyRequest& req) {
  auto t0 = std::chrono::steady_clock::now();
  const SyncRequest& sync = req.sync;
  RequireIdentifier(sync.target_table, "target table");
  VerifyReport report;
  report.node = sync.node;
  report.table = sync.target_table;
  TableInfo target = wh.RequireTable(sync.target_table);
  auto [relation, filter] = WarehouseRows(wh, req, target, &report.partition);
  if (req.repair && req.table != VerifiedTable::kPartition)
    throw Error("--repair rewrites partitions; table '" + target.name +
                "' is a merge or history table (rerun its node instead)");

  auto source = OpenSource(sync.connection);
  // As many connections as the sync reads with, unless the server
  // parallelizes one query itself: PostgreSQL answered two key ranges on two
  // connections in 1.54 s where one parallel scan took 1.34 s (5,000,000
  // rows). Throws for a source without SQL.
  int connections = source->ParallelizesQueries() ? 1 : sync.channels;
  SourceSide source_side(source.get(), &sync.read, connections);
  SourceTable src = source->Describe(sync.read);
  report.key = req.key.empty() ? src.primary_key : req.key;
  if (report.key.empty())
    throw Error("verify needs a key: the source has no primary key; give the node target.key");
  ComparedColumns columns = PairColumns(src, target, report.key);

  wh.RefreshViews();
  WarehouseSide wh_side(&wh.engine(), relation, filter);
  TableComparer comparer(source_side, wh_side, columns);
  report.comparison = req.server_checksum ? QuickThenBuckets(source_side, wh_side, sync.read,
                                                             columns, comparer, req.limit)
                                          : comparer.Compare(req.limit);
  if (req.repair && report.comparison.differing > 0) {
    RepairRequest r;
    r.sync = &sync;
    r.spec = report.partition;
    r.source_filters = comparer.KeyFilters(source_side, report.comparison.keys);
    r.warehouse_filters = comparer.KeyFilters(wh_side, report.comparison.keys);
    r.warehouse_partition_filter = wh_side.filter();
    report.repair = RepairPartition(wh, *source, r);
    report.before_repair = std::move(report.comparison);
    wh.RefreshViews();
    report.comparison = comparer.Compare(req.limit);
  }
  report.source_bytes = source->QueryBytesRead();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace strata
