#pragma once
// Every name that reaches SQL text or a file path passes through here first.
// Table, column and node names are plain identifiers; partition values may
// hold a little more (dates, times) but never a path separator or "..".
// Each check throws strata::Error naming `what` and the offending value.

#include <string>
#include <string_view>

namespace strata {

// [A-Za-z_][A-Za-z0-9_]*, at most 128 characters.
bool IsIdentifier(std::string_view name);
void RequireIdentifier(std::string_view name, std::string_view what);

// Non-empty, at most 128 characters of [A-Za-z0-9_.:+-], not starting with '.'.
bool IsPartitionValue(std::string_view value);
void RequirePartitionValue(std::string_view value, std::string_view what);

// "name" quoted for DuckDB / SQLite SQL (doubles any embedded quote).
std::string QuoteIdentifier(std::string_view name);
// 'text' quoted as a SQL string literal (doubles any embedded quote).
std::string QuoteLiteral(std::string_view text);

}  // namespace strata
