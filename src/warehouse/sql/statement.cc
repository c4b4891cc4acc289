#include "warehouse/sql/statement.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <stdexcept>

#include "core/ascii_case.h"
#include "core/error.h"
#include "core/names.h"
#include "warehouse/sql/parser.h"
#include "warehouse/sql/script_splitter.h"

namespace strata::sql {
namespace {

constexpr std::string_view kCtas =
    "create table as select is not supported; create the table, then insert overwrite";

}  // namespace

bool IsSymbol(const Token& token, char c) {
  return token.kind == TokenKind::kSymbol && token.text.size() == 1 && token.text[0] == c;
}

bool IsName(const Token& token) {
  return token.kind == TokenKind::kWord ||
         (token.kind == TokenKind::kQuotedName && token.text.front() == '`');
}

// MaxCompute strings may use either quote; partition values and comments
// are strings.
bool IsStringLiteral(const Token& token) {
  return token.kind == TokenKind::kString ||
         (token.kind == TokenKind::kQuotedName && token.text.front() == '"');
}

StatementBody Parser::Parse() {
  if (PeekKeyword("create") && PeekKeyword("table", 1)) return ParseCreateTable();
  if (PeekKeyword("drop") && PeekKeyword("table", 1)) return ParseDropTable();
  if (IsDropPartition()) return ParseDropPartition();
  if (IsAlterColumns()) return ParseAlterColumns();
  if (PeekKeyword("desc") || PeekKeyword("describe")) return ParseDesc();
  if (PeekKeyword("show") && (PeekKeyword("partitions", 1) || PeekKeyword("tables", 1)))
    return ParseShow();
  if (PeekKeyword("insert") && (PeekKeyword("overwrite", 1) || IsLooseInsertSelect()))
    return ParseInsert();
  if (IsOdpsSet()) return Ignored{statement_.text};
  return Passthrough{statement_.text};
}

// "alter table t drop partition" or "alter table t drop if exists partition";
// any other alter table (e.g. DuckDB's "drop [column] [if exists] c") is not ours.
bool Parser::IsDropPartition() const {
  if (!PeekKeyword("alter") || !PeekKeyword("table", 1)) return false;
  size_t i = 3;  // just past the first part of the name
  while (IsSymbol(Peek(i), '.')) i += 2;
  if (!PeekKeyword("drop", i)) return false;
  if (PeekKeyword("if", i + 1))
    return PeekKeyword("exists", i + 2) && PeekKeyword("partition", i + 3);
  return PeekKeyword("partition", i + 1);
}

// "insert into t" without "table" is ours only when a partition clause or a
// query follows the name; "insert into t (a, b) ..." and "insert into t by
// name ..." are DuckDB's.
bool Parser::IsLooseInsertSelect() const {
  if (!PeekKeyword("into", 1)) return false;
  if (PeekKeyword("table", 2)) return true;
  return IsName(Peek(2)) && (PeekKeyword("partition", 3) || IsQueryStart(3));
}

bool Parser::IsOdpsSet() const {
  if (!PeekKeyword("set") || !PeekKeyword("odps", 1) || !IsSymbol(Peek(2), '.')) return false;
  size_t i = 3;
  while (Peek(i).kind == TokenKind::kWord || Peek(i).kind == TokenKind::kNumber ||
         IsSymbol(Peek(i), '.'))
    ++i;
  return IsSymbol(Peek(i), '=');
}

bool Parser::IsQueryStart(size_t ahead) const {
  while (IsSymbol(Peek(ahead), '(')) ++ahead;
  return PeekKeyword("select", ahead) || PeekKeyword("with", ahead) || PeekKeyword("from", ahead) ||
         PeekKeyword("values", ahead);
}

CreateTable Parser::ParseCreateTable() {
  RejectCreateTableAsSelect();
  pos_ = 2;
  CreateTable create;
  create.if_not_exists = AcceptIfExists(/*negated=*/true);
  create.name = ParseName("table name");
  if (PeekKeyword("like")) Fail(Peek(), "create table like is not supported; list the columns");
  std::set<std::string> seen;
  create.columns = ParseColumns(false, &seen);
  if (AcceptKeyword("comment")) ExpectString("table comment");
  if (AcceptKeyword("partitioned")) {
    ExpectKeyword("by");
    create.partition_columns = ParseColumns(true, &seen);
  }
  if (AcceptKeyword("lifecycle")) create.lifecycle = ParseLifecycle();
  ExpectEnd();
  return create;
}

// Looks at the whole statement first, so that "create table t lifecycle 3 as
// select" gets the helpful message rather than "expected '('".
void Parser::RejectCreateTableAsSelect() const {
  int depth = 0;  // an "as" inside the column list would be a column name
  for (size_t i = 0; i < tokens_.size(); ++i) {
    depth += IsSymbol(tokens_[i], '(') - IsSymbol(tokens_[i], ')');
    // pos_ is 0 here, so IsQueryStart's relative index is the absolute one.
    if (depth == 0 && IsKeyword(tokens_[i], "as") && IsQueryStart(i + 1)) Fail(tokens_[i], kCtas);
  }
}

Schema Parser::ParseColumns(bool partition, std::set<std::string>* seen) {
  ExpectSymbol('(');
  Schema columns;
  do {
    columns.push_back(ParseColumn(partition, seen));
  } while (AcceptSymbol(','));
  ExpectSymbol(')');
  return columns;
}

Column Parser::ParseColumn(bool partition, std::set<std::string>* seen) {
  const Token& name_token = Peek();
  Column column;
  column.name = ParseName(partition ? "partition column name" : "column name");
  if (!seen->insert(column.name).second) Fail(name_token, "duplicate column '" + column.name + "'");
  column.type = ParseType(column.name, partition);
  SkipColumnOptions(partition);
  return column;
}

// The type's text runs from its name to the bracket that closes its
// arguments, so "decimal(10, 2)" reaches ParseColumnType whole and
// "array<string>" is reported whole.
ColumnType Parser::ParseType(const std::string& column, bool partition) {
  const Token& type_token = Next();
  if (type_token.kind != TokenKind::kWord)
    Fail(type_token, "expected a type for column '" + column + "'");
  size_t end = type_token.End();
  if (IsSymbol(Peek(), '(') || IsSymbol(Peek(), '<')) {
    const char close = Peek().text[0] == '(' ? ')' : '>';
    while (Peek().kind != TokenKind::kEnd && !IsSymbol(Peek(), close)) Next();
    end = Next().End();  // the closer, or kEnd (caught by the parse below)
  }
  std::string_view text =
      std::string_view(statement_.text).substr(type_token.offset, end - type_token.offset);
  std::optional<ColumnType> type = ParseColumnType(text);
  if (!type)
    Fail(type_token, "unknown type '" + std::string(text) + "' for column '" + column + "'");
  if (partition && !type->IsText() && !type->IsInteger())
    Fail(type_token, "partition column '" + column + "' has type " + type->ToMaxCompute() +
                         "; a partition column must be string, varchar, char, bigint, int, "
                         "smallint or tinyint");
  return *type;
}

void Parser::SkipColumnOptions(bool partition) {
  while (true) {
    if (AcceptKeyword("comment")) {
      ExpectString("column comment");
    } else if (!partition && PeekKeyword("not") && PeekKeyword("null", 1)) {
      pos_ += 2;
    } else {
      return;
    }
  }
}

int Parser::ParseLifecycle() {
  const Token& token = Next();
  int days = 0;
  const char* end = token.text.data() + token.text.size();
  auto [p, ec] = std::from_chars(token.text.data(), end, days);
  if (token.kind != TokenKind::kNumber || ec != std::errc() || p != end || days <= 0)
    Fail(token, "lifecycle must be a positive whole number of days");
  return days;
}

DropTable Parser::ParseDropTable() {
  pos_ = 2;
  DropTable drop;
  drop.if_exists = AcceptIfExists();
  drop.name = ParseName("table name");
  ExpectEnd();
  return drop;
}

DropPartition Parser::ParseDropPartition() {
  pos_ = 2;
  DropPartition drop;
  drop.table = ParseName("table name");
  ExpectKeyword("drop");
  drop.if_exists = AcceptIfExists();
  do {
    ExpectKeyword("partition");
    drop.specs.push_back(ParsePartitionSpec(false));
  } while (AcceptSymbol(','));
  ExpectEnd();
  return drop;
}

PartitionSpec Parser::ParsePartitionSpec(bool allow_dynamic) {
  ExpectSymbol('(');
  PartitionSpec spec;
  std::set<std::string> seen;
  do {
    const Token& key_token = Peek();
    std::string key = ParseName("partition column name");
    if (!seen.insert(key).second) Fail(key_token, "partition column '" + key + "' appears twice");
    std::optional<std::string> value;
    if (AcceptSymbol('=')) {
      value = ParsePartitionValue(key);
      if (!spec.parts.empty() && !spec.parts.back().second)
        Fail(key_token, "static partition column '" + key + "' must come before dynamic ones");
    } else if (!allow_dynamic) {
      Fail(key_token, "partition column '" + key + "' needs a value here, as in " + key + "='...'");
    }
    spec.parts.emplace_back(std::move(key), std::move(value));
  } while (AcceptSymbol(','));
  ExpectSymbol(')');
  return spec;
}

std::string Parser::ParsePartitionValue(const std::string& column) {
  const Token& token = Next();
  if (!IsStringLiteral(token) && token.kind != TokenKind::kNumber)
    Fail(token, "expected a quoted value or a number for partition column '" + column + "'");
  std::string value = Unquote(token);
  try {
    RequirePartitionValue(value, "partition value for '" + column + "'");
  } catch (const Error& e) {
    Fail(token, e.what());
  }
  return value;
}

DescTable Parser::ParseDesc() {
  pos_ = 1;
  if (PeekKeyword("table") && Peek(1).kind != TokenKind::kEnd) ++pos_;
  DescTable desc{ParseName("table name")};
  desc.history = AcceptKeyword("history");
  ExpectEnd();
  return desc;
}

StatementBody Parser::ParseShow() {
  const bool tables = PeekKeyword("tables", 1);
  pos_ = 2;
  if (tables) {
    ExpectEnd();
    return ShowTables{};
  }
  ShowPartitions show{ParseName("table name")};
  ExpectEnd();
  return show;
}

InsertSelect Parser::ParseInsert() {
  pos_ = 1;
  InsertSelect insert;
  insert.overwrite = AcceptKeyword("overwrite");
  if (insert.overwrite) {
    ExpectKeyword("table");
  } else {
    ExpectKeyword("into");
    AcceptKeyword("table");
  }
  insert.table = ParseName("table name");
  if (AcceptKeyword("partition")) insert.partition = ParsePartitionSpec(true);
  if (IsSymbol(Peek(), '(') && !IsQueryStart(0))
    Fail(Peek(), "insert column lists are not supported; select the columns in table order");
  if (!IsQueryStart(0)) Fail(Peek(), "expected a query (select, with, from or values)");
  insert.select_sql = statement_.text.substr(Peek().offset);
  return insert;
}

// MaxCompute names are case-insensitive, so they are kept in lower case.
std::string Parser::ParseName(std::string_view what) {
  const Token& token = Peek();
  if (!IsName(token)) Fail(token, "expected " + std::string(what));
  if (IsSymbol(Peek(1), '.'))
    Fail(token, std::string(what) + " must be a plain name, not qualified with '.'");
  std::string name = token.kind == TokenKind::kWord ? std::string(token.text) : Unquote(token);
  try {
    RequireIdentifier(name, what);
  } catch (const Error& e) {
    Fail(token, e.what());
  }
  ++pos_;
  return AsciiLower(name);
}

// Positions past the end (or before the start) read as the kEnd token, so
// lookahead never needs a bounds check.
const Token& Parser::Peek(size_t ahead) const {
  const size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& Parser::Next() {
  const Token& token = Peek();
  if (pos_ < tokens_.size()) ++pos_;
  return token;
}

bool Parser::PeekKeyword(std::string_view keyword, size_t ahead) const {
  return IsKeyword(Peek(ahead), keyword);
}

bool Parser::AcceptKeyword(std::string_view keyword) {
  if (!PeekKeyword(keyword)) return false;
  ++pos_;
  return true;
}

bool Parser::AcceptIfExists(bool negated) {
  if (!AcceptKeyword("if")) return false;
  if (negated) ExpectKeyword("not");
  ExpectKeyword("exists");
  return true;
}

void Parser::ExpectKeyword(std::string_view keyword) {
  if (!AcceptKeyword(keyword)) Fail(Peek(), "expected '" + std::string(keyword) + "'");
}

bool Parser::AcceptSymbol(char c) {
  if (!IsSymbol(Peek(), c)) return false;
  ++pos_;
  return true;
}

void Parser::ExpectSymbol(char c) {
  if (!AcceptSymbol(c)) Fail(Peek(), std::string("expected '") + c + "'");
}

void Parser::ExpectString(std::string_view what) {
  if (!IsStringLiteral(Peek())) Fail(Peek(), "expected a quoted " + std::string(what));
  ++pos_;
}

void Parser::ExpectEnd() {
  if (Peek().kind != TokenKind::kEnd) Fail(Peek(), "expected end of statement");
}

void Parser::Fail(const Token& at, std::string_view what) const {
  Location location = Locator(statement_.text, {statement_.line, statement_.column}).At(at.offset);
  std::string message = std::string(origin_) + ":" + std::to_string(location.line) + ":" +
                        std::to_string(location.column) + ": " + std::string(what);
  if (at.kind == TokenKind::kEnd) throw Error(message + ", at end of statement");
  throw Error(message + ", near '" + Excerpt(at.text) + "'");
}

bool PartitionSpec::IsStatic() const {
  return std::all_of(parts.begin(), parts.end(), [](const auto& part) { return part.second; });
}

std::string PartitionSpec::ToPath() const {
  if (!IsStatic()) throw std::logic_error("PartitionSpec::ToPath on a dynamic partition spec");
  std::string path;
  for (const auto& [column, value] : parts) {
    if (!path.empty()) path += '/';
    path += column + "=" + *value;
  }
  return path;
}

std::vector<Statement> ParseScript(std::string_view script, std::string_view origin) {
  std::vector<Statement> statements;
  for (ScriptStatement& split : SplitScript(script, origin)) {
    StatementBody body = Parser(split, origin).Parse();
    statements.push_back({std::move(body), std::move(split.text), split.line, split.column});
  }
  return statements;
}

}  // namespace strata::sql
