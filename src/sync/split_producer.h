#pragma once
// SplitProducer feeds a Parquet write from a Source: it hands each DuckDB
// thread the next unread split as a stream that converts rows into the
// target schema and sends dirty ones to the DirtyLog. Thread-safe.

#include <atomic>
#include <deque>
#include <mutex>

#include "source/source.h"
#include "sync/dirty_log.h"
#include "warehouse/ingest/parquet_ingest.h"

namespace strata {

class SplitProducer : public RowProducer {
 public:
  SplitProducer(Source* source, ReadSpec spec, std::vector<Split> splits, int channels,
                const Schema* target, std::vector<int> target_of, DirtyLog* dirty);

  int Parallelism() const override { return channels_; }
  std::unique_ptr<RowStream> NextStream() override;

  int64_t rows_read() const { return rows_read_.load(); }
  int64_t bytes_read() const { return bytes_read_.load(); }
  void AddRead(int64_t rows, int64_t bytes) {
    rows_read_ += rows;
    bytes_read_ += bytes;
  }
  const Schema& target() const { return *target_; }
  const std::vector<int>& target_of() const { return target_of_; }
  DirtyLog& dirty() { return *dirty_; }

 private:
  Source* source_;
  ReadSpec spec_;
  int channels_;
  const Schema* target_;
  std::vector<int> target_of_;
  DirtyLog* dirty_;
  std::mutex mu_;
  std::deque<Split> splits_;
  std::atomic<int64_t> rows_read_{0};
  std::atomic<int64_t> bytes_read_{0};
};

}  // namespace strata
