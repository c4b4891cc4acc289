#include "warehouse/sql/script_splitter.h"

#include "core/error.h"
#include "warehouse/sql/tokenizer.h"

namespace strata::sql {
namespace {

bool IsSemicolon(const Token& token) {
  return token.kind == TokenKind::kSymbol && token.text == ";";
}

[[noreturn]] void ThrowUnterminated(const Token& token, Location at, std::string_view origin) {
  throw Error(std::string(origin) + ":" + std::to_string(at.line) + ":" +
              std::to_string(at.column) + ": " + std::string(DescribeUnterminated(token)) +
              ", near '" + Excerpt(token.text) + "'");
}

}  // namespace

std::vector<ScriptStatement> SplitScript(std::string_view script, std::string_view origin) {
  const std::vector<Token> tokens = Tokenize(script);
  Locator locator(script);
  std::vector<ScriptStatement> statements;
  size_t first = 0;  // index of the current statement's first token
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::kUnterminated)
      ThrowUnterminated(token, locator.At(token.offset), origin);
    if (token.kind != TokenKind::kEnd && !IsSemicolon(token)) continue;
    if (i > first) {
      const size_t begin = tokens[first].offset;
      const Location at = locator.At(begin);
      statements.push_back(
          {std::string(script.substr(begin, tokens[i - 1].End() - begin)), at.line, at.column});
    }
    first = i + 1;
  }
  return statements;
}

}  // namespace strata::sql
