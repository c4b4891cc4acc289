#pragma once
// Every name that reaches SQL text or a file path passes through here first.
// Table, column and node names are plain identifiers (a source table may
// also name its schema); partition values may
// hold a little more (dates, times) but never a path separator or "..".
// Each check throws strata::Error naming `what` and the offending value.

#include <string>
#include <string_view>

namespace strata {

// [A-Za-z_][A-Za-z0-9_]*, at most 128 characters.
bool IsIdentifier(std::string_view name);
void RequireIdentifier(std::string_view name, std::string_view what);

// A source table: `name`, or `schema.name` (in MySQL, `database.name`).
struct QualifiedName {
  std::string schema;  // empty: the connection's default
  std::string name;
};
// Splits "name" or "schema.name", each part an identifier.
QualifiedName ParseQualifiedName(std::string_view text, std::string_view what);
// "schema"."name", or "name" alone, quoted for SQLite / PostgreSQL SQL.
std::string QuoteQualifiedName(const QualifiedName& name);

// Non-empty, at most 128 characters of [A-Za-z0-9_.:+-], not starting with '.'.
bool IsPartitionValue(std::string_view value);
void RequirePartitionValue(std::string_view value, std::string_view what);

// "name" quoted for DuckDB / SQLite SQL (doubles any embedded quote).
std::string QuoteIdentifier(std::string_view name);
// 'text' quoted as a SQL string literal (doubles any embedded quote).
std::string QuoteLiteral(std::string_view text);

}  // namespace strata
