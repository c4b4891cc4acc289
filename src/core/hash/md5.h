#pragma once
// Md5Hex is the MD5 digest (RFC 1321) of bytes as 32 lowercase hex digits,
// the text MySQL's MD5(), PostgreSQL's and DuckDB's md5() return. verify
// buckets keys by it; SQLite has no md5 of its own, so strata registers this
// one on its connection. Not for security. Written from the RFC's
// description; tests check the RFC's digests. Pure function; thread-safe.

#include <string>
#include <string_view>

namespace strata {

std::string Md5Hex(std::string_view bytes);

}  // namespace strata
