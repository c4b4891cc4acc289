#include "source/select_text.h"

#include <cctype>

#include "core/error.h"

namespace strata {
namespace {

// The text closed after `text`: a newline first when the text may end in a
// line comment ("--", or MySQL's "#"), so the comment stops there; messages
// that show the SQL stay on one line otherwise.
std::string Close(std::string_view text) {
  bool comment =
      text.find("--") != std::string_view::npos || text.find('#') != std::string_view::npos;
  return std::string(text) + (comment ? "\n)" : ")");
}

}  // namespace

std::string ReadFilter(const ReadSpec& spec,
                       const std::function<std::string(std::string_view)>& quote_identifier,
                       const std::function<std::string(std::string_view)>& quote_literal) {
  if (!spec.from) return spec.where;
  const CursorBound& b = *spec.from;
  std::string value = b.value;
  if (b.integer) {
    size_t digits = value.find_first_not_of('-') == 1 ? 1 : 0;
    if (value.size() <= digits ||
        value.find_first_not_of("0123456789", digits) != std::string::npos)
      throw Error("cursor bound '" + value + "' of column '" + b.column + "' is not an integer");
  } else {
    value = quote_literal(value);
  }
  std::string bound = quote_identifier(b.column) + " >= " + value;
  return spec.where.empty() ? bound : "(" + Close(spec.where) + " AND " + bound;
}

std::string WhereClause(std::string_view where, std::string_view predicate) {
  std::string w = where.empty() ? "" : "(" + Close(where);
  if (!predicate.empty()) w += (w.empty() ? "" : " AND ") + std::string(predicate);
  return w.empty() ? "" : " WHERE " + w;
}

std::string TrimQuery(std::string_view q) {
  while (!q.empty() && (q.back() == ';' || std::isspace(static_cast<unsigned char>(q.back()))))
    q.remove_suffix(1);
  return std::string(q);
}

std::string DerivedTable(std::string_view query, std::string_view alias) {
  return "(" + Close(TrimQuery(query)) + " AS " + std::string(alias);
}

}  // namespace strata
