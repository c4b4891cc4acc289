#pragma once
// Pieces of the SELECT every source builds around a node's own SQL text (its
// `where` filter and `query`), written once so each source wraps user text
// the same way. When user text holds a line comment ("--" or "#"), a newline
// goes before the parenthesis that closes it, so the comment cannot swallow
// what comes next.

#include <functional>
#include <string>
#include <string_view>

#include "source/source.h"

namespace strata {

// The spec's `where` and cursor bound as one filter text ("" for neither),
// the bound written with the source's `quote_identifier` and
// `quote_literal`. Throws strata::Error for an integer bound that is not one.
std::string ReadFilter(const ReadSpec& spec,
                       const std::function<std::string(std::string_view)>& quote_identifier,
                       const std::function<std::string(std::string_view)>& quote_literal);

// " WHERE (where) AND predicate", either part optional; "" for neither.
std::string WhereClause(std::string_view where, std::string_view predicate);

// `query` as a derived table: "(query) AS alias", trailing ';' and spaces
// removed first.
std::string DerivedTable(std::string_view query, std::string_view alias);

// `query` without trailing ';' and spaces, so it can be wrapped.
std::string TrimQuery(std::string_view query);

}  // namespace strata
