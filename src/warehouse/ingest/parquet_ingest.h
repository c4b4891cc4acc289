#pragma once
// ParquetIngest streams rows from strata's own code into a Parquet file
// through DuckDB: the rows appear to DuckDB as a table function, and
// `COPY (SELECT * FROM it) TO file` writes them. Memory stays at a few data
// chunks per thread whatever the row count (DESIGN.md invariant 4); DuckDB
// runs up to RowProducer::Parallelism() streams at once, each on its own
// thread.

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
