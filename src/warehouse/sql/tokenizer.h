#pragma once
// The lexical layer shared by the script splitter and the statement parser. It
// alone decides where strings, quoted names, comments and $$ bodies begin and
// end, so a ';' or a keyword inside one of them is never taken for structure,
// and the splitter and the parser can never disagree about it.
//
// Lexical rules (MaxCompute-flavoured, as strata's scripts are written):
//   'text'   string; '' and backslash escapes ('it''s', 'it\'s')
//   "name"   quoted name; "" escapes; no backslash escapes
//   `name`   quoted name; `` escapes
//   -- ...   line comment;  /* ... */ block comment (not nested)
//   $$...$$  or $tag$...$tag$: body kept verbatim (DuckDB dollar quoting)

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql {

enum class TokenKind {
  kWord,          // identifier or keyword: select, ds, odps
  kQuotedName,    // `name` or "name"
  kString,        // 'text'
  kNumber,        // 20161114, 1.5, 10L (a digit, then letters, digits, _ and .)
  kDollarBody,    // $$ ... $$ or $tag$ ... $tag$
  kSymbol,        // any other single character: ( ) , ; = . < > ...
  kUnterminated,  // a string, quoted name, block comment or $$ body that never ends
  kEnd,           // after the last token; text is empty
};

// A token views the text given to Tokenize; that text must outlive it.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  // exactly as written, quotes included
  size_t offset = 0;      // of text[0] in the tokenized input

  size_t End() const { return offset + text.size(); }
};

// Splits `input` into tokens, skipping whitespace and comments. Never throws:
// an unterminated construct becomes one kUnterminated token that runs to the
// end of the input. The last token is always kEnd, at offset input.size().
std::vector<Token> Tokenize(std::string_view input);

// True if `token` is a kWord equal to `keyword`, ignoring ASCII case.
bool IsKeyword(const Token& token, std::string_view keyword);

// The value of a kString or kQuotedName token with its quotes and escapes
// removed ('it''s' -> it's, 'a\tb' -> a<TAB>b, `a``b` -> a`b). Any other
// token's text is returned unchanged.
std::string Unquote(const Token& token);

// What a kUnterminated token is, for error messages ("unterminated string").
std::string_view DescribeUnterminated(const Token& token);

// The first line of `text`, cut to at most `max` bytes (with "..." appended
// when cut), so that an error can quote a token without quoting a whole body.
std::string Excerpt(std::string_view text, size_t max = 40);

// A 1-based position in a script, as an editor shows it.
struct Location {
  int line = 1;
  int column = 1;  // counts UTF-8 code points; a tab is one column
};

// Maps byte offsets of `text` to Locations, given that text[0] sits at
// `start`. Walks forward from the previous query, so callers that ask in
// increasing offset order pay for each byte once.
class Locator {
 public:
  explicit Locator(std::string_view text, Location start = {});

  // `offset` may be text.size() (the position just past the end).
  Location At(size_t offset);

 private:
  std::string_view text_;
  Location start_;
  size_t offset_ = 0;
  Location location_;
};

}  // namespace strata::sql
