#include "verify/duck_row_hash.h"

#include <string_view>

#include "core/error.h"
#include "core/hash/crc32.h"
#include "core/hash/lookup3_hash.h"

namespace strata {
namespace {

template <typename Out, Out (*Hash)(std::string_view)>
void HashVarchar(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  idx_t n = duckdb_data_chunk_get_size(input);
  duckdb_vector in = duckdb_data_chunk_get_vector(input, 0);
  auto* text = static_cast<duckdb_string_t*>(duckdb_vector_get_data(in));
  uint64_t* valid_in = duckdb_vector_get_validity(in);
  auto* out = static_cast<Out*>(duckdb_vector_get_data(output));
  uint64_t* valid_out = nullptr;
  if (valid_in) {
    duckdb_vector_ensure_validity_writable(output);
    valid_out = duckdb_vector_get_validity(output);
  }
  for (idx_t i = 0; i < n; ++i) {
    if (valid_in && !duckdb_validity_row_is_valid(valid_in, i)) {
      duckdb_validity_set_row_invalid(valid_out, i);
      continue;
    }
    out[i] = Hash({duckdb_string_t_data(&text[i]), duckdb_string_t_length(text[i])});
  }
}

uint64_t CrcPair(std::string_view s) {
  return (static_cast<uint64_t>(Crc32(s)) << 32) | Crc32c(s);
}

int64_t PgHash(std::string_view s) {
  return Lookup3Hash64(s, 0);
}

void Register(DuckEngine& engine, const char* name, duckdb_type result,
              duckdb_scalar_function_t fn) {
  duckdb_scalar_function f = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(f, name);
  duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  duckdb_logical_type out = duckdb_create_logical_type(result);
  duckdb_scalar_function_add_parameter(f, varchar);
  duckdb_scalar_function_set_return_type(f, out);
  duckdb_scalar_function_set_function(f, fn);
  duckdb_state state = duckdb_register_scalar_function(engine.connection(), f);
  duckdb_destroy_logical_type(&varchar);
  duckdb_destroy_logical_type(&out);
  duckdb_destroy_scalar_function(&f);
  if (state != DuckDBSuccess) throw Error(std::string("cannot register DuckDB function ") + name);
}

}  // namespace

void RegisterRowHashFunctions(DuckEngine& engine) {
  auto known = engine.Query(
      "SELECT count(*) FROM duckdb_functions() WHERE function_name = 'strata_pg_hash'");
  if (known.rows.at(0).at(0).value_or("0") != "0") return;
  Register(engine, "strata_crc32_crc32c", DUCKDB_TYPE_UBIGINT, HashVarchar<uint64_t, CrcPair>);
  Register(engine, "strata_pg_hash", DUCKDB_TYPE_BIGINT, HashVarchar<int64_t, PgHash>);
}

}  // namespace strata
