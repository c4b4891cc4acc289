#include "source/postgres/pg_catalog.h"

#include <libpq-fe.h>

#include <set>

#include "core/error.h"

namespace strata {
namespace {

constexpr const char* kFindRelation =
    "SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.oid = to_regclass($1)";

constexpr const char* kColumns =
    "SELECT a.attname, a.atttypid, a.atttypmod, a.attnotnull FROM pg_attribute a "
    "WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

// The columns, in key order, of relation $1's index that `which` picks.
std::string IndexColumnsQuery(const std::string& which) {
  return "SELECT a.attname FROM pg_index i "
         "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
         "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
         "WHERE i.indrelid = $1 AND " +
         which + " ORDER BY k.ord";
}

// REPLICA IDENTITY USING INDEX names its index; DEFAULT is the primary key;
// FULL logs whole rows, and the primary key still says what a row's key is.
constexpr const char* kIdentityIndex =
    "CASE (SELECT relreplident FROM pg_class WHERE oid = $1) WHEN 'i' THEN i.indisreplident "
    "ELSE i.indisprimary END";

// Walks a domain chain to its base type; the first modifier met on the way
// down (the column's own, else the innermost domain's that has one) applies.
constexpr const char* kResolveType =
    "WITH RECURSIVE chain(oid, typmod, depth) AS ("
    "  SELECT $1::oid, $2::int4, 0"
    "  UNION ALL"
    "  SELECT t.typbasetype, CASE WHEN c.typmod = -1 THEN t.typtypmod ELSE c.typmod END, "
    "         c.depth + 1"
    "  FROM chain c JOIN pg_type t ON t.oid = c.oid WHERE t.typtype = 'd') "
    "SELECT t.oid, c.typmod, t.typtype, t.typcategory, format_type($1::oid, $2::int4), "
    "       format_type($1::oid, NULL) "
    "FROM chain c JOIN pg_type t ON t.oid = c.oid ORDER BY c.depth DESC LIMIT 1";

char FirstChar(const std::string& s) {
  return s.empty() ? '\0' : s[0];
}

}  // namespace

std::optional<PgCatalog::Relation> PgCatalog::FindRelation(const std::string& sql_name) {
  PgResult r = conn_.ExecParams(kFindRelation, {sql_name}, "looking up table " + sql_name);
  if (r.rows() == 0) return std::nullopt;
  Relation rel;
  rel.oid = static_cast<uint32_t>(std::stoul(r.Text(0, 0)));
  rel.schema = r.Text(0, 1);
  rel.name = r.Text(0, 2);
  rel.relkind = FirstChar(r.Text(0, 3));
  rel.reltuples = std::stod(r.Text(0, 4));
  return rel;
}

PgTypeInfo PgCatalog::ResolveType(uint32_t oid, int32_t typmod) {
  PgResult r = conn_.ExecParams(kResolveType, {std::to_string(oid), std::to_string(typmod)},
                                "resolving type " + std::to_string(oid));
  if (r.rows() == 0)
    throw Error(conn_.label() + ": type " + std::to_string(oid) + " does not exist");
  PgTypeInfo t;
  t.base_oid = static_cast<uint32_t>(std::stoul(r.Text(0, 0)));
  t.typmod = std::stoi(r.Text(0, 1));
  t.typtype = FirstChar(r.Text(0, 2));
  t.category = FirstChar(r.Text(0, 3));
  t.declared_type = r.Text(0, 4);
  t.cast_type = r.Text(0, 5);
  return t;
}

std::vector<PgColumn> PgCatalog::Columns(uint32_t oid) {
  PgResult r = conn_.ExecParams(kColumns, {std::to_string(oid)}, "reading the columns");
  std::vector<PgColumn> out;
  for (int i = 0; i < r.rows(); ++i) {
    PgTypeInfo type =
        ResolveType(static_cast<uint32_t>(std::stoul(r.Text(i, 1))), std::stoi(r.Text(i, 2)));
    out.push_back(MapPgColumn(r.Text(i, 0), type, r.Text(i, 3) == "t"));
  }
  return out;
}

std::vector<std::string> PgCatalog::PrimaryKey(uint32_t oid) {
  return IndexColumns(oid, "i.indisprimary", "reading the primary key");
}

std::vector<std::string> PgCatalog::IdentityKey(uint32_t oid) {
  return IndexColumns(oid, kIdentityIndex, "reading the replica identity");
}

std::vector<std::string> PgCatalog::IndexColumns(uint32_t oid, const std::string& which,
                                                 const std::string& what) {
  PgResult r = conn_.ExecParams(IndexColumnsQuery(which), {std::to_string(oid)}, what);
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Text(i, 0));
  return out;
}

std::vector<PgColumn> PgCatalog::QueryColumns(const std::string& query) {
  PgResult d = conn_.DescribeQuery(query, "describing the query");
  if (PQnparams(d.get()) > 0)
    throw Error(conn_.label() + ": the query has parameters ($1 ...); write the values into it");
  std::vector<PgColumn> out;
  std::set<std::string> seen;
  for (int i = 0; i < d.columns(); ++i) {
    std::string name = PQfname(d.get(), i);
    if (!seen.insert(name).second)
      throw Error(conn_.label() + ": the query returns two columns named '" + name +
                  "'; give them distinct names with AS");
    PgTypeInfo type = ResolveType(PQftype(d.get(), i), PQfmod(d.get(), i));
    out.push_back(MapPgColumn(name, type, false));
  }
  return out;
}

}  // namespace strata
