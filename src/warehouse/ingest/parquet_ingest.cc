#include "warehouse/ingest/parquet_ingest.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>

#include "core/error.h"
#include "core/names.h"

namespace strata {
namespace {

// Shared by every thread of one WriteParquet call.
struct IngestContext {
  const Schema* schema;
  RowProducer* producer;
  std::mutex mu;
  std::exception_ptr failure;

  void Fail(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mu);
    if (!failure) failure = e;
  }
};

struct LocalState {
  std::unique_ptr<RowStream> stream;
  bool done = false;
};

void Bind(duckdb_bind_info info) {
  auto* ctx = static_cast<IngestContext*>(duckdb_bind_get_extra_info(info));
  for (const auto& c : *ctx->schema) {
    duckdb_logical_type t = MakeDuckType(c.type);
    duckdb_bind_add_result_column(info, c.name.c_str(), t);
    duckdb_destroy_logical_type(&t);
  }
}

void Init(duckdb_init_info info) {
  auto* ctx = static_cast<IngestContext*>(duckdb_init_get_extra_info(info));
  duckdb_init_set_max_threads(info, static_cast<idx_t>(ctx->producer->Parallelism()));
}

void LocalInit(duckdb_init_info info) {
  duckdb_init_set_init_data(info, new LocalState(),
                            [](void* p) { delete static_cast<LocalState*>(p); });
}

void Produce(duckdb_function_info info, duckdb_data_chunk output) {
  auto* ctx = static_cast<IngestContext*>(duckdb_function_get_extra_info(info));
  auto* local = static_cast<LocalState*>(duckdb_function_get_local_init_data(info));
  try {
    ChunkWriter writer(output, *ctx->schema);
    while (!local->done) {
      if (!local->stream) {
        local->stream = ctx->producer->NextStream();
        if (!local->stream) {
          local->done = true;
          break;
        }
      }
      idx_t n = local->stream->Fill(writer);
      if (n > 0) {
        duckdb_data_chunk_set_size(output, n);
        return;
      }
      local->stream.reset();
    }
    duckdb_data_chunk_set_size(output, 0);
  } catch (...) {
    ctx->Fail(std::current_exception());
    duckdb_function_set_error(info, "strata ingest failed");
  }
}

std::string RegisterIngestFunction(duckdb_connection con, IngestContext* ctx) {
  static std::atomic<int> counter{0};
  std::string name = "strata_ingest_" + std::to_string(++counter);
  duckdb_table_function f = duckdb_create_table_function();
  duckdb_table_function_set_name(f, name.c_str());
  duckdb_table_function_set_extra_info(f, ctx, nullptr);
  duckdb_table_function_set_bind(f, Bind);
  duckdb_table_function_set_init(f, Init);
  duckdb_table_function_set_local_init(f, LocalInit);
  duckdb_table_function_set_function(f, Produce);
  duckdb_state st = duckdb_register_table_function(con, f);
  duckdb_destroy_table_function(&f);
  if (st == DuckDBError) throw Error("cannot register DuckDB table function " + name);
  return name;
}

}  // namespace

int64_t WriteParquet(DuckEngine& engine, const Schema& schema, RowProducer& producer,
                     const std::filesystem::path& file) {
  IngestContext ctx{&schema, &producer, {}, nullptr};
  std::string fn = RegisterIngestFunction(engine.connection(), &ctx);
  std::string sql = "COPY (SELECT * FROM " + fn + "()) TO " + QuoteLiteral(file.string()) +
                    " (FORMAT parquet, COMPRESSION zstd)";
  // As many DuckDB threads as streams: more would only spin waiting for work
  // (measured: a quarter of all instructions on one channel).
  engine.Execute("SET threads = " + std::to_string(std::max(1, producer.Parallelism())));
  struct ResetThreads {
    DuckEngine& engine;
    ~ResetThreads() {
      try {
        engine.Execute("RESET threads");
      } catch (...) {  // the engine keeps working with fewer threads
      }
    }
  } reset{engine};
  try {
    return engine.ExecuteCount(sql);
  } catch (const Error&) {
    if (ctx.failure) std::rethrow_exception(ctx.failure);
    throw;
  }
}

}  // namespace strata
