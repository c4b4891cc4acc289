// Fuzzes the SQL front end of SQL nodes and `strata sql`: the tokenizer, the
// script splitter and the MaxCompute statement parser, over the input as a
// script. Besides crashes it checks what the tokenizer promises (tokenizer.h),
// since the splitter and the parser rely on it without checking.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "warehouse/sql/statement.h"
#include "warehouse/sql/tokenizer.h"

namespace {

using strata::sql::Token;
using strata::sql::TokenKind;

void Require(bool condition) {
  if (!condition) std::abort();
}

// Tokens lie in order inside the input, do not overlap and are never empty;
// the last is kEnd at input.size(); only an unterminated construct runs to
// the end of the input without being the last token before kEnd.
void CheckTokens(std::string_view input) {
  std::vector<Token> tokens = strata::sql::Tokenize(input);
  Require(!tokens.empty() && tokens.back().kind == TokenKind::kEnd &&
          tokens.back().offset == input.size());
  strata::sql::Locator locator(input);
  size_t end = 0;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const Token& token = tokens[i];
    Require(token.kind != TokenKind::kEnd && !token.text.empty() && token.offset >= end &&
            token.End() <= input.size() &&
            input.substr(token.offset, token.text.size()) == token.text);
    if (token.kind == TokenKind::kUnterminated) {
      Require(token.End() == input.size());
      strata::sql::DescribeUnterminated(token);
    }
    end = token.End();
    strata::sql::Unquote(token);
    strata::sql::Excerpt(token.text);
    locator.At(token.offset);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view script(reinterpret_cast<const char*>(data), size);
  CheckTokens(script);
  try {
    for (const strata::sql::Statement& statement : strata::sql::ParseScript(script, "fuzz.sql")) {
      // What the parser accepts, the warehouse turns into paths.
      if (const auto* drop = std::get_if<strata::sql::DropPartition>(&statement.body))
        for (const strata::sql::PartitionSpec& spec : drop->specs) spec.ToPath();
      if (const auto* insert = std::get_if<strata::sql::InsertSelect>(&statement.body))
        if (insert->partition.IsStatic()) insert->partition.ToPath();
    }
  } catch (const strata::Error&) {
  }
  return 0;
}
