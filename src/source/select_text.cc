#include "source/select_text.h"

#include <cctype>

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
