#pragma once
// ParquetIngest streams rows from strata's own code into a Parquet file
// through DuckDB: the rows appear to DuckDB as a table function, and
// `COPY (SELECT * FROM it) TO file` writes them. RowProducer::Parallelism()
// filler threads read the streams (ChunkPipeline) while one encoder thread per
// core writes row groups. Memory stays bounded whatever the row count
// (DESIGN.md invariant 4): a few queued chunks, and per encoder thread one row
// group of at most 122,880 rows or 16 MB.

#include <cstdint>
#include <filesystem>

#include "core/column_type.h"
#include "warehouse/engine/duckdb_engine.h"
#include "warehouse/ingest/row_producer.h"

namespace strata {

// Writes every row `producer` yields, with columns `schema`, to `file`
// (Parquet, zstd). Returns the number of rows written. An exception thrown by
// a stream is rethrown here as it was; the file is then incomplete and the
// caller discards it.
int64_t WriteParquet(DuckEngine& engine, const Schema& schema, RowProducer& producer,
                     const std::filesystem::path& file);

}  // namespace strata
