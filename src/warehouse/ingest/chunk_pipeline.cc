#include "warehouse/ingest/chunk_pipeline.h"

#include <algorithm>

#include "core/error.h"

namespace strata {

ChunkPipeline::ChunkPipeline(const Schema& schema, RowProducer& producer, size_t capacity)
    : schema_(schema), producer_(producer), capacity_(std::max<size_t>(1, capacity)) {
  for (const auto& c : schema_) types_.push_back(MakeDuckType(c.type));
  int n = std::max(1, producer_.Parallelism());
  running_ = n;
  try {
    for (int i = 0; i < n; ++i) fillers_.emplace_back([this] { Fill(); });
  } catch (...) {  // no pipeline without all its fillers: stop the ones started
    Stop();
    throw;
  }
}

ChunkPipeline::~ChunkPipeline() {
  Stop();
}

void ChunkPipeline::Stop() {
  Cancel();
  for (auto& t : fillers_) t.join();
  fillers_.clear();
  for (auto c : queue_) duckdb_destroy_data_chunk(&c);
  queue_.clear();
  for (auto& t : types_) duckdb_destroy_logical_type(&t);
  types_.clear();
}

std::exception_ptr ChunkPipeline::failure() {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

void ChunkPipeline::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  room_.notify_all();
  ready_.notify_all();
}

duckdb_data_chunk ChunkPipeline::Pop() {
  std::unique_lock<std::mutex> lock(mu_);
  ready_.wait(lock, [&] { return failure_ || !queue_.empty() || running_ == 0 || stopped_; });
  if (failure_) std::rethrow_exception(failure_);
  if (stopped_) throw Error("the Parquet write was cancelled");
  if (queue_.empty()) return nullptr;
  duckdb_data_chunk c = queue_.front();
  queue_.pop_front();
  room_.notify_one();
  return c;
}

bool ChunkPipeline::Push(duckdb_data_chunk chunk) {
  std::unique_lock<std::mutex> lock(mu_);
  room_.wait(lock, [&] { return stopped_ || queue_.size() < capacity_; });
  if (stopped_) return false;
  queue_.push_back(chunk);
  ready_.notify_one();
  return true;
}

void ChunkPipeline::Finish(std::exception_ptr failure) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failure && !failure_) {
    failure_ = failure;
    stopped_ = true;  // the write fails: the other fillers need not go on
    room_.notify_all();
  }
  --running_;
  ready_.notify_all();
}

void ChunkPipeline::Fill() {
  std::exception_ptr failure;
  duckdb_data_chunk chunk = nullptr;
  try {
    for (auto stream = producer_.NextStream(); stream; stream = producer_.NextStream()) {
      for (;;) {
        chunk = duckdb_create_data_chunk(types_.data(), types_.size());
        ChunkWriter writer(chunk, schema_);
        idx_t n = stream->Fill(writer);
        if (n == 0) break;
        duckdb_data_chunk_set_size(chunk, n);
        duckdb_data_chunk filled = chunk;
        chunk = nullptr;
        if (!Push(filled)) {
          duckdb_destroy_data_chunk(&filled);
          return Finish(nullptr);
        }
      }
      duckdb_destroy_data_chunk(&chunk);
      chunk = nullptr;
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (chunk) duckdb_destroy_data_chunk(&chunk);
  Finish(failure);
}

}  // namespace strata
