#pragma once
// ParquetIngest streams rows from strata's own code into a Parquet file
// through DuckDB: the rows appear to DuckDB as a table function, and
// `COPY (SELECT * FROM it) TO file` writes them. Memory stays at a few data
// chunks per thread whatever the row count (DESIGN.md invariant 4); DuckDB
// runs up to RowProducer::Parallelism() streams at once, each on its own
// thread.

#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/column_type.h"
#include "warehouse/engine/duckdb_engine.h"
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

// Hands out streams; NextStream is called from several DuckDB threads.
class RowProducer {
 public:
  virtual ~RowProducer() = default;
  virtual int Parallelism() const = 0;
  // The next stream of work, or nullptr when there is none left. Thread-safe.
  virtual std::unique_ptr<RowStream> NextStream() = 0;
};

// Writes every row `producer` yields, with columns `schema`, to `file`
// (Parquet, zstd). Returns the number of rows written. An exception thrown by
// a stream is rethrown here as it was; the file is then incomplete and the
// caller discards it.
int64_t WriteParquet(DuckEngine& engine, const Schema& schema, RowProducer& producer,
                     const std::filesystem::path& file);

}  // namespace strata
