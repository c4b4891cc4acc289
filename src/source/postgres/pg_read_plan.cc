#include "source/postgres/pg_read_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/ascii_case.h"
#include "core/error.h"
#include "core/names.h"
#include "source/postgres/pg_catalog.h"
#include "source/select_text.h"

namespace strata {
namespace {

// The SQL names a node's table name may mean, most likely first: as written
// (quoted), then folded to lower case as PostgreSQL folds unquoted names.
std::vector<std::string> TableCandidates(const std::string& table) {
  QualifiedName as_written = ParseQualifiedName(table, "table name");
  QualifiedName folded{AsciiLower(as_written.schema), AsciiLower(as_written.name)};
  std::vector<std::string> out = {QuoteQualifiedName(as_written)};
  if (AsciiLower(table) != table) out.push_back(QuoteQualifiedName(folded));
  return out;
}

std::vector<PgColumn> PickColumns(const PgReadPlan& plan, const ReadSpec& spec,
                                  const PgConnection& conn) {
  if (spec.columns.empty()) return plan.table_columns;
  std::vector<PgColumn> out;
  for (const auto& name : spec.columns) {
    const PgColumn* c = FindPgColumn(plan.table_columns, name);
    if (!c)
      throw Error(conn.label() + ": table " + plan.table_name + " has no column '" + name + "'");
    out.push_back(*c);
  }
  return out;
}

void DescribeTable(PgSnapshot& snapshot, const ReadSpec& spec, PgReadPlan& plan) {
  std::vector<std::string> candidates = TableCandidates(spec.table);
  for (const auto& name : candidates)
    if (snapshot.TryLock(name)) break;
  snapshot.Export();
  PgConnection& conn = snapshot.planner();
  PgCatalog catalog(conn);
  std::optional<PgCatalog::Relation> rel;
  for (const auto& name : candidates)
    if ((rel = catalog.FindRelation(name))) break;
  if (!rel) {
    PgResult path = conn.Exec("SHOW search_path");
    throw Error(conn.label() + ": table '" + spec.table + "' does not exist in database '" +
                conn.database() + "' (search_path: " + path.Text(0, 0) + ")");
  }
  plan.table_sql = QuoteIdentifier(rel->schema) + "." + QuoteIdentifier(rel->name);
  plan.table_name = rel->schema + "." + rel->name;
  plan.relkind = rel->relkind;
  plan.reltuples = rel->reltuples;
  plan.table_columns = catalog.Columns(rel->oid);
  plan.primary_key = catalog.PrimaryKey(rel->oid);
  plan.columns = PickColumns(plan, spec, conn);
}

// "q"."name" or "name": the reference a SELECT list uses for `column`.
std::string Reference(const PgReadPlan& plan, const PgColumn& column) {
  return (plan.query.empty() ? "" : "q.") + QuoteIdentifier(column.name);
}

}  // namespace

const PgColumn* FindPgColumn(const std::vector<PgColumn>& columns, const std::string& name) {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  const PgColumn* found = nullptr;
  for (const auto& c : columns) {
    if (AsciiLower(c.name) != AsciiLower(name)) continue;
    if (found) return nullptr;  // ambiguous: "Id" and "id" both exist
    found = &c;
  }
  return found;
}

PgReadPlan DescribePgRead(PgSnapshot& snapshot, const ReadSpec& spec) {
  PgReadPlan plan;
  // The session has standard_conforming_strings on (pg_connection.cc).
  plan.where = ReadFilter(spec, QuoteIdentifier, QuoteLiteral);
  if (!spec.query.empty()) {
    plan.query = TrimQuery(spec.query);
    snapshot.Export();
    plan.columns = PgCatalog(snapshot.planner()).QueryColumns(plan.query);
    return plan;
  }
  DescribeTable(snapshot, spec, plan);
  return plan;
}

std::string PgFromSql(const PgReadPlan& plan) {
  return plan.query.empty() ? plan.table_sql : DerivedTable(plan.query, "q");
}

std::string PgWhereSql(const PgReadPlan& plan, const std::string& predicate) {
  return WhereClause(plan.where, predicate);
}

std::string PgSelectSql(const PgReadPlan& plan, const std::string& predicate) {
  std::string list;
  for (const auto& c : plan.columns)
    list += (list.empty() ? "" : ", ") + PgSelectExpression(c, Reference(plan, c));
  return "SELECT " + list + " FROM " + PgFromSql(plan) + PgWhereSql(plan, predicate);
}

std::string PgCopySql(const PgReadPlan& plan, const std::string& predicate) {
  return "COPY (" + PgSelectSql(plan, predicate) + ") TO STDOUT (FORMAT binary)";
}

std::optional<int64_t> EstimatePgRows(PgConnection& conn, const PgReadPlan& plan) {
  conn.Exec("SAVEPOINT strata_estimate");
  PgResult explain = conn.TryExec("EXPLAIN " + PgSelectSql(plan, ""));
  bool ok = explain.status() == PGRES_TUPLES_OK && explain.rows() > 0;
  conn.Exec(ok ? "RELEASE SAVEPOINT strata_estimate" : "ROLLBACK TO SAVEPOINT strata_estimate");
  // The top line: "Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)".
  std::string top = ok ? explain.Text(0, 0) : "";
  size_t at = top.find(" rows=");
  if (at != std::string::npos) return std::strtoll(top.c_str() + at + 6, nullptr, 10);
  if (plan.query.empty() && plan.where.empty() && plan.reltuples >= 0)
    return std::llround(plan.reltuples);
  return std::nullopt;
}

}  // namespace strata
