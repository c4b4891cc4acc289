#pragma once
// Splits a SQL script into statements on the ';' that are structure, not the
// ones inside strings, quoted names, comments or $$ bodies (the lexical rules
// are in tokenizer.h). Knows nothing about what the statements mean.

#include <string>
#include <string_view>
#include <vector>

namespace strata::sql {

// One statement of a script. `text` runs from its first token to the end of
// its last token: no ';', and no surrounding whitespace or comments (so a
// trailing "-- note" cannot swallow SQL that strata appends when it wraps the
// text). `line` and `column` (1-based) are where `text` starts in the script.
struct ScriptStatement {
  std::string text;
  int line = 1;
  int column = 1;
};

// Returns the statements of `script` in order, dropping empty ones (nothing
// but whitespace and comments between two ';'). Throws strata::Error
// "<origin>:<line>:<col>: unterminated string, near '<excerpt>'" (or quoted
// name, block comment, dollar-quoted body) naming where the construct starts.
std::vector<ScriptStatement> SplitScript(std::string_view script, std::string_view origin);

}  // namespace strata::sql
