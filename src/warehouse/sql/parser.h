#pragma once
// The statement parser's internals, shared by statement.cc and alter_table.cc
// only (statement.h is the interface): one Parser per statement, over the
// statement's tokens, failing with the offending token's position.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "warehouse/sql/script_splitter.h"
#include "warehouse/sql/statement.h"
#include "warehouse/sql/tokenizer.h"

namespace strata::sql {

bool IsSymbol(const Token& token, char c);
bool IsName(const Token& token);
bool IsStringLiteral(const Token& token);

// Parses one statement. Tokens view `statement.text`, which must outlive the
// parser. Every error names the offending token's position in the script.
class Parser {
 public:
  Parser(const ScriptStatement& statement, std::string_view origin)
      : statement_(statement), origin_(origin), tokens_(Tokenize(statement.text)) {}

  StatementBody Parse();

 private:
  CreateTable ParseCreateTable();
  void RejectCreateTableAsSelect() const;
  DropTable ParseDropTable();
  DropPartition ParseDropPartition();
  DescTable ParseDesc();
  // alter_table.cc
  bool IsAlterColumns() const;
  AlterColumns ParseAlterColumns();
  std::vector<std::string> ParseColumnNames();
  StatementBody ParseShow();
  InsertSelect ParseInsert();
  bool IsDropPartition() const;
  bool IsLooseInsertSelect() const;
  bool IsOdpsSet() const;
  bool IsQueryStart(size_t ahead) const;

  Schema ParseColumns(bool partition, std::set<std::string>* seen);
  Column ParseColumn(bool partition, std::set<std::string>* seen);
  ColumnType ParseType(const std::string& column, bool partition);
  void SkipColumnOptions(bool partition);
  PartitionSpec ParsePartitionSpec(bool allow_dynamic);
  std::string ParsePartitionValue(const std::string& column);
  int ParseLifecycle();
  std::string ParseName(std::string_view what);

  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const;
  bool AcceptKeyword(std::string_view keyword);
  // "if [not] exists" when it comes next; `negated` for the "not".
  bool AcceptIfExists(bool negated = false);
  void ExpectKeyword(std::string_view keyword);
  bool AcceptSymbol(char c);
  void ExpectSymbol(char c);
  void ExpectString(std::string_view what);
  void ExpectEnd();
  [[noreturn]] void Fail(const Token& at, std::string_view what) const;

  const ScriptStatement& statement_;
  std::string_view origin_;
  std::vector<Token> tokens_;  // ends with kEnd
  size_t pos_ = 0;
};

}  // namespace strata::sql
