#include "sync/sync_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <thread>

#include "core/error.h"
#include "core/names.h"
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

// Calls `progress` about once a second until destroyed.
class ProgressTicker {
 public:
  ProgressTicker(const std::function<void(const SyncProgress&)>& fn, const SplitProducer& p,
                 const DirtyLog& dirty)
      : started_(Clock::now()) {
    if (!fn) return;
    thread_ = std::thread([this, fn, &p, &dirty] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
        double s = std::chrono::duration<double>(Clock::now() - started_).count();
        fn({p.rows_read(), dirty.count(), s});
      }
    });
  }
  ~ProgressTicker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  Clock::time_point started_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

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
  std::vector<int> target_of = MapColumns(src, target.columns, target.name);
  std::vector<Split> splits = source->PlanSplits(req.read, req.channels);

  auto dirty_file = wh.DirtyDir() / req.node / (req.bizdate + ".jsonl");
  DirtyLog dirty(dirty_file, req.max_dirty_records);
  SplitProducer producer(source.get(), req.read, std::move(splits), std::max(1, req.channels),
                         &target.columns, std::move(target_of), &dirty);
  CommitMode mode = req.mode;
  report.partition = wh.WritePartition(target.name, spec, mode, [&](const StagedPartition& s) {
    ProgressTicker ticker(progress, producer, dirty);
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
  return out;
}

}  // namespace strata
