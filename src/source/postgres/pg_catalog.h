#pragma once
// PgCatalog answers schema questions from pg_catalog over one connection:
// which relation a name means, its columns (types resolved through domains
// to their base type, enums, arrays), nullability and primary key, and what
// columns a query returns (PQprepare + PQdescribePrepared). It runs plain
// catalog queries in whatever transaction the connection is in. Borrows the
// connection; not thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/postgres/pg_connection.h"
#include "source/postgres/pg_type_map.h"

namespace strata {

class PgCatalog {
 public:
  struct Relation {
    uint32_t oid = 0;
    std::string schema;
    std::string name;
    char relkind = 0;
    double reltuples = -1;
  };

  explicit PgCatalog(PgConnection& conn) : conn_(conn) {}

  // The relation `sql_name` (an SQL name such as "\"Orders\"") resolves to
  // through search_path; nullopt if there is none.
  std::optional<Relation> FindRelation(const std::string& sql_name);
  // Every live column of relation `oid`, in attribute order.
  std::vector<PgColumn> Columns(uint32_t oid);
  // The primary key's columns in key order; empty if there is none.
  std::vector<std::string> PrimaryKey(uint32_t oid);
  // The columns that identify a row of `oid` in its change log, in key
  // order: the replica identity index's (REPLICA IDENTITY USING INDEX), else
  // the primary key's; empty if there is none.
  std::vector<std::string> IdentityKey(uint32_t oid);
  // The columns `query` returns. Throws if it does not parse, takes
  // parameters, or returns two columns with the same name.
  std::vector<PgColumn> QueryColumns(const std::string& query);
  // Follows domains down to the base type of (oid, typmod).
  PgTypeInfo ResolveType(uint32_t oid, int32_t typmod);

 private:
  std::vector<std::string> IndexColumns(uint32_t oid, const std::string& which,
                                        const std::string& what);
  PgConnection& conn_;
};

}  // namespace strata
