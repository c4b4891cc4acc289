#pragma once
// ChunkPipeline reads ahead of the Parquet encoder: its own filler threads,
// one per stream the producer allows at once, fill standalone DuckDB data
// chunks from RowStreams and queue them; the encoder threads take them with
// Pop. Reading the source (network, parsing, conversion) then overlaps with
// encoding and compressing, and encoding can use more threads than the
// source has streams.
//
// Memory is bounded: at most `capacity` filled chunks wait in the queue, and
// each filler holds one chunk being filled. The first exception a stream
// throws stops every filler and is rethrown by Pop (in the thread that pops);
// failure() keeps it for the caller. Pop, Cancel and failure() are
// thread-safe; the destructor cancels and joins, so no filler outlives the
// pipeline.

#include <duckdb.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/column_type.h"
#include "warehouse/ingest/row_producer.h"

namespace strata {

class ChunkPipeline {
 public:
  // Starts producer.Parallelism() filler threads. `schema` and `producer`
  // must outlive the pipeline.
  ChunkPipeline(const Schema& schema, RowProducer& producer, size_t capacity);
  ~ChunkPipeline();
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // Blocks for the next filled chunk; the caller owns it (destroy with
  // duckdb_destroy_data_chunk). nullptr once every stream is finished.
  // Rethrows a filler's exception; throws strata::Error after Cancel, so a
  // cancelled pipeline never looks finished.
  duckdb_data_chunk Pop();

  // Stops the fillers early (the encoder failed); queued chunks are dropped.
  void Cancel();

  // The first exception a stream threw, if any.
  std::exception_ptr failure();

  // The DuckDB types of the schema's columns, in order; owned here.
  const std::vector<duckdb_logical_type>& types() const { return types_; }

 private:
  void Fill();
  // Cancels, joins the fillers and frees what is left.
  void Stop();
  // Waits for room; false when the pipeline stopped meanwhile.
  bool Push(duckdb_data_chunk chunk);
  void Finish(std::exception_ptr failure);

  const Schema& schema_;
  RowProducer& producer_;
  const size_t capacity_;
  std::vector<duckdb_logical_type> types_;

  std::mutex mu_;
  std::condition_variable room_;
  std::condition_variable ready_;
  std::deque<duckdb_data_chunk> queue_;
  int running_ = 0;
  bool stopped_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> fillers_;
};

}  // namespace strata
