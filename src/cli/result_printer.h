#pragma once
// Prints query results for people (an aligned table) and for programs (CSV
// with a header line, NULL as an empty field; JSON, an array of objects).

#include <ostream>
#include <string>

#include "warehouse/engine/duckdb_engine.h"

namespace strata::cli {

void PrintTable(const QueryResult& result, std::ostream& out);
void PrintCsv(const QueryResult& result, std::ostream& out);
void PrintJson(const QueryResult& result, std::ostream& out);
// Dispatches on "table", "csv" or "json".
void PrintResult(const QueryResult& result, const std::string& format, std::ostream& out);

}  // namespace strata::cli
