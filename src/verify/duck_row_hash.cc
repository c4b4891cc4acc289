#include "verify/duck_row_hash.h"

#include <initializer_list>
#include <string_view>

#include "core/error.h"
#include "core/hash/crc32.h"
#include "core/hash/lookup3_hash.h"
#include "core/hash/pg_value_hash.h"

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

// `nulls_in`: the function gets NULL arguments and decides itself (without
// it DuckDB answers NULL for a NULL argument without calling it).
void Register(DuckEngine& engine, const char* name, std::initializer_list<duckdb_type> params,
              duckdb_type result, duckdb_scalar_function_t fn, bool nulls_in = false) {
  duckdb_scalar_function f = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(f, name);
  if (nulls_in) duckdb_scalar_function_set_special_handling(f);
  for (duckdb_type p : params) {
    duckdb_logical_type type = duckdb_create_logical_type(p);
    duckdb_scalar_function_add_parameter(f, type);
    duckdb_destroy_logical_type(&type);
  }
  duckdb_logical_type out = duckdb_create_logical_type(result);
  duckdb_scalar_function_set_return_type(f, out);
  duckdb_scalar_function_set_function(f, fn);
  duckdb_state state = duckdb_register_scalar_function(engine.connection(), f);
  duckdb_destroy_logical_type(&out);
  duckdb_destroy_scalar_function(&f);
  if (state != DuckDBSuccess) throw Error(std::string("cannot register DuckDB function ") + name);
}

// PostgreSQL's hash of element `i`, by how DuckDB stores the value.
uint64_t HashInt(const void* data, idx_t i, uint64_t seed) {
  return PgHashInt(static_cast<const int64_t*>(data)[i], seed);
}
uint64_t HashFloat8(const void* data, idx_t i, uint64_t seed) {
  return PgHashFloat8(static_cast<const double*>(data)[i], seed);
}
std::string_view View(const void* data, idx_t i) {
  auto* s = static_cast<duckdb_string_t*>(const_cast<void*>(data)) + i;
  return {duckdb_string_t_data(s), duckdb_string_t_length(*s)};
}
uint64_t HashText(const void* data, idx_t i, uint64_t seed) {
  return static_cast<uint64_t>(Lookup3Hash64(View(data, i), seed));
}
// verify's convention: the numeric hash has no sign, so the seed carries it.
uint64_t HashNumeric(const void* data, idx_t i, uint64_t seed) {
  std::string_view text = View(data, i);
  return PgHashNumeric(text, text.starts_with('-') ? -seed : seed);
}

// xor(acc BIGINT, value, seed BIGINT) BIGINT: `acc` XOR the hash of
// `value` (a NULL value leaves `acc`). DuckDB hands C functions flat vectors.
template <uint64_t (*Hash)(const void*, idx_t, uint64_t)>
void Xor(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  idx_t n = duckdb_data_chunk_get_size(input);
  auto vector = [&](idx_t k) { return duckdb_data_chunk_get_vector(input, k); };
  auto* acc = static_cast<const int64_t*>(duckdb_vector_get_data(vector(0)));
  const void* values = duckdb_vector_get_data(vector(1));
  uint64_t* valid = duckdb_vector_get_validity(vector(1));
  auto* seed = static_cast<const int64_t*>(duckdb_vector_get_data(vector(2)));
  auto* out = static_cast<int64_t*>(duckdb_vector_get_data(output));
  try {
    for (idx_t i = 0; i < n; ++i) {
      uint64_t h = valid && !duckdb_validity_row_is_valid(valid, i)
                       ? 0
                       : Hash(values, i, static_cast<uint64_t>(seed[i]));
      out[i] = static_cast<int64_t>(static_cast<uint64_t>(acc[i]) ^ h);
    }
  } catch (const std::exception& e) {
    duckdb_scalar_function_set_error(info, e.what());
  }
}

}  // namespace

void RegisterRowHashFunctions(DuckEngine& engine) {
  auto known = engine.Query(
      "SELECT count(*) FROM duckdb_functions() WHERE function_name = 'strata_pg_hash'");
  if (known.rows.at(0).at(0).value_or("0") != "0") return;
  constexpr duckdb_type kVarchar = DUCKDB_TYPE_VARCHAR, kBigint = DUCKDB_TYPE_BIGINT;
  Register(engine, "strata_crc32_crc32c", {kVarchar}, DUCKDB_TYPE_UBIGINT,
           HashVarchar<uint64_t, CrcPair>);
  Register(engine, "strata_pg_hash", {kVarchar}, kBigint, HashVarchar<int64_t, PgHash>);
  struct XorFunction {
    const char* name;
    duckdb_type value;
    duckdb_scalar_function_t fn;
  };
  for (const XorFunction& f : {
           XorFunction{"strata_pg_xor_int", kBigint, Xor<HashInt>},
           XorFunction{"strata_pg_xor_float8", DUCKDB_TYPE_DOUBLE, Xor<HashFloat8>},
           XorFunction{"strata_pg_xor_text", kVarchar, Xor<HashText>},
           XorFunction{"strata_pg_xor_numeric", kVarchar, Xor<HashNumeric>},
       })
    Register(engine, f.name, {kBigint, f.value, kBigint}, kBigint, f.fn, true);
}

}  // namespace strata
