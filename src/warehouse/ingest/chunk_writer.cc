#include "warehouse/ingest/chunk_writer.h"

namespace strata {

duckdb_logical_type MakeDuckType(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean: return duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN);
    case TypeId::kTinyInt: return duckdb_create_logical_type(DUCKDB_TYPE_TINYINT);
    case TypeId::kSmallInt: return duckdb_create_logical_type(DUCKDB_TYPE_SMALLINT);
    case TypeId::kInt: return duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
    case TypeId::kBigInt: return duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    case TypeId::kFloat: return duckdb_create_logical_type(DUCKDB_TYPE_FLOAT);
    case TypeId::kDouble: return duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    case TypeId::kDecimal:
      return duckdb_create_decimal_type(static_cast<uint8_t>(type.precision),
                                        static_cast<uint8_t>(type.scale));
    case TypeId::kString:
    case TypeId::kVarchar:
    case TypeId::kChar: return duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    case TypeId::kDate: return duckdb_create_logical_type(DUCKDB_TYPE_DATE);
    case TypeId::kDatetime: return duckdb_create_logical_type(DUCKDB_TYPE_TIMESTAMP);
    case TypeId::kTimestamp: return duckdb_create_logical_type(DUCKDB_TYPE_TIMESTAMP_TZ);
    case TypeId::kBinary: return duckdb_create_logical_type(DUCKDB_TYPE_BLOB);
  }
  return duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
}

ChunkWriter::ChunkWriter(duckdb_data_chunk chunk, const Schema& schema)
    : schema_(&schema), capacity_(duckdb_vector_size()) {
  cols_.reserve(schema.size());
  for (idx_t i = 0; i < schema.size(); ++i) {
    duckdb_vector v = duckdb_data_chunk_get_vector(chunk, i);
    duckdb_vector_ensure_validity_writable(v);
    cols_.push_back({v, duckdb_vector_get_data(v), duckdb_vector_get_validity(v)});
  }
}

void ChunkWriter::SetNull(int col, idx_t row) {
  duckdb_validity_set_row_invalid(cols_[col].validity, row);
}

void ChunkWriter::SetBool(int col, idx_t row, bool v) {
  static_cast<bool*>(cols_[col].data)[row] = v;
  Valid(cols_[col], row);
}

void ChunkWriter::SetInt(int col, idx_t row, int64_t v) {
  const Target& t = cols_[col];
  switch ((*schema_)[col].type.id) {
    case TypeId::kTinyInt: static_cast<int8_t*>(t.data)[row] = static_cast<int8_t>(v); break;
    case TypeId::kSmallInt: static_cast<int16_t*>(t.data)[row] = static_cast<int16_t>(v); break;
    case TypeId::kInt: static_cast<int32_t*>(t.data)[row] = static_cast<int32_t>(v); break;
    default: static_cast<int64_t*>(t.data)[row] = v; break;
  }
  Valid(t, row);
}

void ChunkWriter::SetDouble(int col, idx_t row, double v) {
  const Target& t = cols_[col];
  if ((*schema_)[col].type.id == TypeId::kFloat)
    static_cast<float*>(t.data)[row] = static_cast<float>(v);
  else
    static_cast<double*>(t.data)[row] = v;
  Valid(t, row);
}

void ChunkWriter::SetDecimal(int col, idx_t row, __int128 unscaled) {
  const Target& t = cols_[col];
  int p = (*schema_)[col].type.precision;
  // DuckDB stores decimals in the narrowest integer that holds the precision.
  if (p <= 4) {
    static_cast<int16_t*>(t.data)[row] = static_cast<int16_t>(unscaled);
  } else if (p <= 9) {
    static_cast<int32_t*>(t.data)[row] = static_cast<int32_t>(unscaled);
  } else if (p <= 18) {
    static_cast<int64_t*>(t.data)[row] = static_cast<int64_t>(unscaled);
  } else {
    duckdb_hugeint h;
    h.lower = static_cast<uint64_t>(static_cast<unsigned __int128>(unscaled));
    h.upper = static_cast<int64_t>(unscaled >> 64);
    static_cast<duckdb_hugeint*>(t.data)[row] = h;
  }
  Valid(t, row);
}

void ChunkWriter::SetString(int col, idx_t row, std::string_view v) {
  duckdb_vector_assign_string_element_len(cols_[col].vector, row, v.data(), v.size());
  Valid(cols_[col], row);
}

void ChunkWriter::SetDate(int col, idx_t row, int32_t days) {
  static_cast<int32_t*>(cols_[col].data)[row] = days;
  Valid(cols_[col], row);
}

void ChunkWriter::SetTimestamp(int col, idx_t row, int64_t micros) {
  static_cast<int64_t*>(cols_[col].data)[row] = micros;
  Valid(cols_[col], row);
}

}  // namespace strata
