// The parsing half of alter_table.h: the column forms of alter table, as
// methods of the statement parser (parser.h), kept apart from statement.cc.

#include "warehouse/sql/parser.h"

namespace strata::sql {

// "alter table t add|drop column(s)" and "alter table t change"; DuckDB's
// other alter table forms would fail on a view, so they stay passthrough.
bool Parser::IsAlterColumns() const {
  if (!PeekKeyword("alter") || !PeekKeyword("table", 1)) return false;
  size_t i = 3;  // just past the first part of the name
  while (IsSymbol(Peek(i), '.')) i += 2;
  if (PeekKeyword("change", i)) return true;
  return (PeekKeyword("add", i) || PeekKeyword("drop", i)) &&
         (PeekKeyword("columns", i + 1) || PeekKeyword("column", i + 1));
}

AlterColumns Parser::ParseAlterColumns() {
  pos_ = 2;
  AlterColumns alter;
  alter.table = ParseName("table name");
  std::set<std::string> seen;
  if (AcceptKeyword("add")) {
    if (!AcceptKeyword("columns")) ExpectKeyword("column");
    alter.columns = ParseColumns(false, &seen);
  } else if (AcceptKeyword("change")) {
    alter.kind = AlterColumns::Kind::kChange;
    AcceptKeyword("column");
    const Token& old_name = Peek();
    std::string name = ParseName("column name");
    Column column = ParseColumn(false, &seen);
    if (column.name != name)
      Fail(old_name, "renaming column '" + name + "' to '" + column.name +
                         "' is not supported; only its type can change (write " + name + " " +
                         name + " <type>)");
    alter.columns.push_back(column);
  } else {
    ExpectKeyword("drop");
    alter.kind = AlterColumns::Kind::kDrop;
    if (!AcceptKeyword("columns")) ExpectKeyword("column");
    for (const auto& name : ParseColumnNames()) alter.columns.push_back({name, {}});
  }
  ExpectEnd();
  return alter;
}

// "a, b" or "(a, b)"
std::vector<std::string> Parser::ParseColumnNames() {
  bool parens = AcceptSymbol('(');
  std::vector<std::string> names;
  do {
    names.push_back(ParseName("column name"));
  } while (AcceptSymbol(','));
  if (parens) ExpectSymbol(')');
  return names;
}

}  // namespace strata::sql
