#include "verify/duck_row_hash.h"

#include <initializer_list>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/hash/crc32.h"
#include "core/hash/lookup3_hash.h"
#include "core/hash/pg_value_hash.h"
#include "source/mysql/mysql_record_format.h"

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
// it DuckDB answers NULL for a NULL argument without calling it). `varargs`:
// any number of further arguments of that type.
void Register(DuckEngine& engine, const char* name, std::initializer_list<duckdb_type> params,
              duckdb_type result, duckdb_scalar_function_t fn, bool nulls_in = false,
              duckdb_type varargs = DUCKDB_TYPE_INVALID) {
  duckdb_scalar_function f = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(f, name);
  if (nulls_in) duckdb_scalar_function_set_special_handling(f);
  if (varargs != DUCKDB_TYPE_INVALID) {
    duckdb_logical_type type = duckdb_create_logical_type(varargs);
    duckdb_scalar_function_set_varargs(f, type);
    duckdb_destroy_logical_type(&type);
  }
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

// "form.a.b,form.a.b,…": one column's record form each (MysqlRecordForm);
// parameters beyond any column's (a million bytes) are refused.
std::vector<MysqlRecordColumn> ParseLayout(std::string_view layout) {
  constexpr int kMaxParameter = 1'000'000;
  std::vector<MysqlRecordColumn> out;
  int field[3] = {0, 0, 0}, k = 0;
  auto bad = [&] { return Error("bad record layout '" + std::string(layout) + "'"); };
  for (size_t i = 0; i <= layout.size(); ++i) {
    char ch = i < layout.size() ? layout[i] : ',';
    if (ch >= '0' && ch <= '9') {
      field[k] = field[k] * 10 + (ch - '0');
      if (field[k] > kMaxParameter) throw bad();
    } else if (ch == '.' && k < 2) {
      ++k;
    } else if (ch == ',') {
      if (field[0] > static_cast<int>(MysqlRecordForm::kSet)) throw bad();
      out.push_back({static_cast<MysqlRecordForm>(field[0]), field[1], field[2]});
      field[0] = field[1] = field[2] = k = 0;
    } else {
      throw bad();
    }
  }
  return out;
}

// One argument's values and how to lay them out.
struct RecordArgument {
  MysqlRecordColumn form;
  duckdb_type type;
  const void* data;
  uint64_t* valid;
};

bool AppendRecord(std::string* out, const RecordArgument& a, idx_t i) {
  switch (a.type) {
    case DUCKDB_TYPE_BIGINT:
      return AppendMysqlRecordInt(out, static_cast<const int64_t*>(a.data)[i], a.form);
    case DUCKDB_TYPE_DOUBLE:
      return AppendMysqlRecordDouble(out, static_cast<const double*>(a.data)[i], a.form);
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB: return AppendMysqlRecordText(out, View(a.data, i), a.form);
    default: return false;
  }
}

// strata_my_row_crc(layout VARCHAR, value…) BIGINT: the CRC-32 of the
// record bytes of the values (BIGINT, DOUBLE, VARCHAR or BLOB), each laid
// out by its entry in `layout`; a NULL value adds none. A value its form
// cannot hold fails the query: the caller then compares another way.
void RowCrc(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  idx_t n = duckdb_data_chunk_get_size(input);
  idx_t columns = duckdb_data_chunk_get_column_count(input);
  auto* out = static_cast<int64_t*>(duckdb_vector_get_data(output));
  if (n == 0) return;
  try {
    std::vector<MysqlRecordColumn> layout =
        ParseLayout(View(duckdb_vector_get_data(duckdb_data_chunk_get_vector(input, 0)), 0));
    if (layout.size() != columns - 1) throw Error("the record layout does not match the values");
    std::vector<RecordArgument> args;
    for (idx_t k = 1; k < columns; ++k) {
      duckdb_vector v = duckdb_data_chunk_get_vector(input, k);
      duckdb_logical_type t = duckdb_vector_get_column_type(v);
      args.push_back({layout[k - 1], duckdb_get_type_id(t), duckdb_vector_get_data(v),
                      duckdb_vector_get_validity(v)});
      duckdb_destroy_logical_type(&t);
    }
    std::string bytes;
    for (idx_t i = 0; i < n; ++i) {
      bytes.clear();
      for (const RecordArgument& a : args) {
        if (a.valid && !duckdb_validity_row_is_valid(a.valid, i)) continue;
        if (!AppendRecord(&bytes, a, i)) throw Error("a value has no MariaDB record form");
      }
      out[i] = Crc32(bytes);
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
  Register(engine, "strata_my_row_crc", {}, kBigint, RowCrc, true, DUCKDB_TYPE_ANY);
}

}  // namespace strata
