#include "source/select_text.h"

#include <cctype>

namespace strata {

std::string WhereClause(std::string_view where, std::string_view predicate) {
  std::string w = where.empty() ? "" : "(" + std::string(where) + "\n)";
  if (!predicate.empty()) w += (w.empty() ? "" : " AND ") + std::string(predicate);
  return w.empty() ? "" : " WHERE " + w;
}

std::string TrimQuery(std::string_view q) {
  while (!q.empty() && (q.back() == ';' || std::isspace(static_cast<unsigned char>(q.back()))))
    q.remove_suffix(1);
  return std::string(q);
}

std::string DerivedTable(std::string_view query, std::string_view alias) {
  return "(" + TrimQuery(query) + "\n) AS " + std::string(alias);
}

}  // namespace strata
