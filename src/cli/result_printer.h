#pragma once
// Prints query results for people and for programs.
//
// table: an aligned grid (columns sized by display width, so CJK and emoji
//   line up); NULL prints as NULL (dimmed on a terminal) and a text value
//   that is literally NULL prints quoted, as 'NULL'.
// csv: RFC 4180 with a header line; NULL is an empty field (or `null_as`),
//   the empty string is "" (quoted), so the two stay apart.
// json: an array of objects with typed values: integers, floats and
//   booleans as JSON numbers and booleans, NULL as null, lists/arrays and
//   structs/maps as arrays and objects, TIMESTAMP WITH TIME ZONE as ISO-8601
//   with its offset. DECIMAL and HUGEINT values are exact strings (JSON
//   numbers lose digits in most readers); NaN and infinity are strings too.

#include <optional>
#include <ostream>
#include <string>

#include "warehouse/engine/duckdb_engine.h"

namespace strata::cli {

struct PrintOptions {
  std::string format = "table";        // table | csv | json
  std::optional<std::string> null_as;  // csv: what NULL prints as (default: empty field)
  bool color = false;                  // table: dim NULLs (for a terminal)
};

void PrintTable(const QueryResult& result, std::ostream& out, bool color = false);
void PrintCsv(const QueryResult& result, std::ostream& out,
              const std::optional<std::string>& null_as = std::nullopt);
void PrintJson(const QueryResult& result, std::ostream& out);
// Dispatches on options.format.
void PrintResult(const QueryResult& result, const PrintOptions& options, std::ostream& out);

}  // namespace strata::cli
