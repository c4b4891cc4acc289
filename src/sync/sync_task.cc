#include "sync/sync_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/error.h"
#include "core/names.h"
#include "core/ticker.h"
#include "sync/dirty_log.h"
#include "sync/split_producer.h"
#include "sync/target_table.h"

namespace strata {
namespace {

using Clock = std::chrono::steady_clock;

std::string LocalNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace

// What the ticker calls about once a second: `progress` with the counters
// of now; nothing when there is no `progress`.
std::function<void(double)> ProgressTick(const std::function<void(const SyncProgress&)>& progress,
                                         const SplitProducer& producer, const DirtyLog& dirty,
                                         const std::optional<RowEstimate>& total) {
  if (!progress) return {};
  return [&progress, &producer, &dirty, total](double seconds) {
    SyncProgress p;
    p.read = producer.rows_read();
    p.dirty = dirty.count();
    p.seconds = seconds;
    if (total) {
      p.total = total->rows;
      p.total_is_estimate = !total->exact;
    }
    progress(p);
  };
}

SyncReport RunSync(Warehouse& wh, const SyncRequest& req,
                   const std::function<void(const SyncProgress&)>& progress) {
  SyncReport report;
  report.start = LocalNow();
  auto t0 = Clock::now();
  RequireIdentifier(req.target_table, "target table");
  auto source = OpenSource(req.connection);
  SourceTable src = source->Describe(req.read);
  TableInfo target = ResolveTargetTable(wh, req.target_table, req.partition, src);
  std::string spec = wh.CheckPartitionSpec(target, req.partition);
  EvolutionPlan plan = PlanTargetEvolution(wh, target, src, req.schema);
  target.columns = plan.columns;
  report.schema_note = plan.note;
  std::vector<int> target_of = MapColumns(src, target.columns, target.name, true);
  // Only a progress line shows the total: without one, no time goes to it.
  std::optional<RowEstimate> total = progress ? source->EstimateRows(req.read) : std::nullopt;
  std::vector<Split> splits = source->PlanSplits(req.read, req.channels);

  auto dirty_file = wh.DirtyDir() / req.node / (req.bizdate + ".jsonl");
  DirtyLog dirty(dirty_file, req.max_dirty_records);
  SplitProducer producer(source.get(), req.read, std::move(splits), std::max(1, req.channels),
                         &target.columns, std::move(target_of), &dirty);
  CommitMode mode = req.mode;
  report.partition = wh.WritePartition(target.name, spec, mode, [&](const StagedPartition& s) {
    Ticker ticker(ProgressTick(progress, producer, dirty, total));
    int64_t written = WriteParquet(wh.engine(), target.columns, producer, s.NewFile(0));
    int64_t read = producer.rows_read();
    if (req.max_dirty_percent && read > 0 &&
        100.0 * static_cast<double>(dirty.count()) / static_cast<double>(read) >
            *req.max_dirty_percent)
      throw Error(
          fmt::format("{} of {} records are dirty ({:.2f}%), over error_limit.percent = {}; see {}",
                      dirty.count(), read, 100.0 * dirty.count() / read, *req.max_dirty_percent,
                      dirty_file.string()));
    report.written = written;
    ApplyEvolution(wh, target.name, plan, src, req.bizdate, req.node);
    return written;
  });
  report.read = producer.rows_read();
  report.dirty = dirty.count();
  report.bytes_read = producer.bytes_read();
  report.bytes_written = report.partition.bytes;
  if (report.dirty > 0) report.dirty_file = dirty_file.string();
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  report.end = LocalNow();
  return report;
}

std::string FormatSyncReport(const SyncReport& r) {
  double s = std::max(r.seconds, 1e-6);
  std::string out = fmt::format(
      "  start            : {}\n"
      "  end              : {}\n"
      "  elapsed          : {:.3f}s\n"
      "  records read     : {}\n"
      "  records written  : {}\n"
      "  dirty records    : {}\n"
      "  bytes read       : {}\n"
      "  bytes written    : {}\n"
      "  speed            : {:.0f} records/s, {:.2f} MB/s\n",
      r.start, r.end, r.seconds, r.read, r.written, r.dirty, r.bytes_read, r.bytes_written,
      static_cast<double>(r.read) / s, static_cast<double>(r.bytes_read) / s / 1e6);
  if (!r.dirty_file.empty()) out += "  dirty data       : " + r.dirty_file + "\n";
  if (!r.schema_note.empty()) out += "  schema change    : " + r.schema_note + "\n";
  return out;
}

}  // namespace strata
