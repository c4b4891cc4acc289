#pragma once
// The rows a Parquet write consumes: a RowProducer hands out RowStreams, each
// a sequence of rows that one thread at a time fills into data chunks.

#include <memory>

#include "warehouse/ingest/chunk_writer.h"

namespace strata {

// One sequence of rows, read by one thread at a time.
class RowStream {
 public:
  virtual ~RowStream() = default;
  // Writes up to out.capacity() rows at slots 0..n-1; returns n. 0 means the
  // stream is finished. Throws strata::Error to fail the whole write.
  virtual idx_t Fill(ChunkWriter& out) = 0;
};

// Hands out streams; NextStream is called from several threads.
class RowProducer {
 public:
  virtual ~RowProducer() = default;
  // How many streams may be read at once (a source's channels).
  virtual int Parallelism() const = 0;
  // The next stream of work, or nullptr when there is none left. Thread-safe.
  virtual std::unique_ptr<RowStream> NextStream() = 0;
};

}  // namespace strata
