#pragma once
// The row hashes of the sources, as DuckDB scalar functions over VARCHAR, so
// the warehouse side hashes its canonical text exactly as the source's
// server hashes its own:
//   strata_crc32_crc32c(text) UBIGINT: (CRC32 << 32) | CRC32C of the bytes,
//     what MariaDB computes with CRC32() and CRC32C();
//   strata_pg_hash(text) BIGINT: PostgreSQL's hashtextextended(text, 0).
// NULL gives NULL. And the steps of the PostgreSQL row hash
// (pg_typed_hash_sql.h), one column each: strata_pg_xor_KIND(acc BIGINT,
// value, seed BIGINT) BIGINT is `acc` XOR PostgreSQL's hash of `value` with
// `seed`, for KIND int (BIGINT), float8 (DOUBLE), text (VARCHAR) or numeric
// (a DECIMAL's VARCHAR text; a negative value hashes with -seed); a NULL
// value leaves `acc`. And MariaDB's row checksum (mariadb_table_checksum.h):
// strata_my_row_crc(layout VARCHAR, value…) BIGINT is the CRC-32 of the
// server's record bytes of the values (BIGINT, DOUBLE, VARCHAR or BLOB),
// each laid out as its "form.a.b" entry of the comma-separated `layout`
// says (mysql_record_format.h); a NULL value adds no bytes, a value its
// form cannot hold fails the query. RegisterRowHashFunctions adds them all to `engine`'s
// connection once (a second call finds them there); they live as long as the
// engine. Call from the thread that owns the engine.

#include "warehouse/engine/duckdb_engine.h"

namespace strata {

void RegisterRowHashFunctions(DuckEngine& engine);

}  // namespace strata
