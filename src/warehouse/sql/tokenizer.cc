#include "warehouse/sql/tokenizer.h"

#include <cctype>

namespace strata::sql {
namespace {

// Bytes >= 0x80 belong to words so that a UTF-8 name stays one token (the
// parser then rejects it with RequireIdentifier's message, near the name).
bool IsWordStart(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool IsWordChar(unsigned char c) {
  return IsWordStart(c) || std::isdigit(c) || c == '$';
}
bool IsNumberChar(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '.';
}
bool IsTagChar(unsigned char c) {
  return std::isalnum(c) || c == '_';
}

// The result of scanning one lexical unit that starts at a given offset.
struct Scan {
  TokenKind kind;
  size_t end;
  bool skip = false;  // whitespace or a comment: not a token
};

template <typename Pred>
size_t SpanEnd(std::string_view in, size_t i, Pred pred) {
  while (i < in.size() && pred(static_cast<unsigned char>(in[i]))) ++i;
  return i;
}

// `closer` is where the closing delimiter (of length `len`) starts, or npos.
Scan Closed(std::string_view in, size_t closer, size_t len, TokenKind kind, bool skip = false) {
  if (closer == std::string_view::npos) return {TokenKind::kUnterminated, in.size()};
  return {kind, closer + len, skip};
}

// Scans '...', "..." or `...` starting at `i`; a doubled quote stands for
// itself, and with `backslash` a backslash escapes the byte after it.
Scan ScanQuoted(std::string_view in, size_t i, TokenKind kind, bool backslash) {
  const char quote = in[i];
  for (size_t j = i + 1; j < in.size(); ++j) {
    if (backslash && in[j] == '\\') {
      ++j;
    } else if (in[j] == quote) {
      if (j + 1 < in.size() && in[j + 1] == quote) {
        ++j;
      } else {
        return {kind, j + 1};
      }
    }
  }
  return {TokenKind::kUnterminated, in.size()};
}

// "$$" or "$tag$" if a dollar-quoted body starts at `i`, else empty (a '$'
// that is not a delimiter, e.g. the one in DataWorks' ${bizdate}).
std::string_view DollarTag(std::string_view in, size_t i) {
  size_t j = i + 1;
  if (j < in.size() && (std::isalpha(static_cast<unsigned char>(in[j])) || in[j] == '_'))
    j = SpanEnd(in, j, IsTagChar);
  if (j < in.size() && in[j] == '$') return in.substr(i, j - i + 1);
  return {};
}

bool StartsWithAt(std::string_view in, size_t i, std::string_view prefix) {
  return in.substr(i, prefix.size()) == prefix;
}

Scan ScanAt(std::string_view in, size_t i) {
  const auto c = static_cast<unsigned char>(in[i]);
  if (std::isspace(c)) return {TokenKind::kSymbol, i + 1, true};
  if (StartsWithAt(in, i, "--")) {
    size_t newline = in.find('\n', i);
    return {TokenKind::kSymbol, newline == std::string_view::npos ? in.size() : newline, true};
  }
  if (StartsWithAt(in, i, "/*"))
    return Closed(in, in.find("*/", i + 2), 2, TokenKind::kSymbol, true);
  if (c == '\'') return ScanQuoted(in, i, TokenKind::kString, true);
  if (c == '"' || c == '`') return ScanQuoted(in, i, TokenKind::kQuotedName, false);
  if (c == '$') {
    std::string_view tag = DollarTag(in, i);
    if (!tag.empty())
      return Closed(in, in.find(tag, i + tag.size()), tag.size(), TokenKind::kDollarBody);
  }
  if (IsWordStart(c)) return {TokenKind::kWord, SpanEnd(in, i, IsWordChar)};
  if (std::isdigit(c)) return {TokenKind::kNumber, SpanEnd(in, i, IsNumberChar)};
  return {TokenKind::kSymbol, i + 1};
}

char Unescape(char c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    default: return c;
  }
}

}  // namespace

std::vector<Token> Tokenize(std::string_view input) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < input.size()) {
    Scan scan = ScanAt(input, i);
    if (!scan.skip) tokens.push_back({scan.kind, input.substr(i, scan.end - i), i});
    i = scan.end;
  }
  tokens.push_back({TokenKind::kEnd, input.substr(input.size()), input.size()});
  return tokens;
}

bool IsKeyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::kWord || token.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(token.text[i])) !=
        std::tolower(static_cast<unsigned char>(keyword[i])))
      return false;
  }
  return true;
}

std::string Unquote(const Token& token) {
  if (token.kind != TokenKind::kString && token.kind != TokenKind::kQuotedName)
    return std::string(token.text);
  const char quote = token.text.front();
  const bool backslash = token.kind == TokenKind::kString;
  std::string_view inner = token.text.substr(1, token.text.size() - 2);
  std::string out;
  for (size_t i = 0; i < inner.size(); ++i) {
    if (backslash && inner[i] == '\\' && i + 1 < inner.size()) {
      out += Unescape(inner[++i]);
    } else {
      out += inner[i];
      if (inner[i] == quote) ++i;  // the second of a doubled quote
    }
  }
  return out;
}

std::string_view DescribeUnterminated(const Token& token) {
  if (token.text.starts_with("/*")) return "unterminated block comment";
  if (token.text.starts_with("$")) return "unterminated dollar-quoted body";
  if (token.text.starts_with("'")) return "unterminated string";
  return "unterminated quoted name";
}

std::string Excerpt(std::string_view text, size_t max) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.size() <= max) return std::string(line);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // whole chars
  return std::string(line.substr(0, cut)) + "...";
}

Locator::Locator(std::string_view text, Location start)
    : text_(text), start_(start), location_(start) {}

Location Locator::At(size_t offset) {
  if (offset < offset_) {
    offset_ = 0;
    location_ = start_;
  }
  for (; offset_ < offset && offset_ < text_.size(); ++offset_) {
    const auto c = static_cast<unsigned char>(text_[offset_]);
    if (c == '\n') {
      ++location_.line;
      location_.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++location_.column;
    }
  }
  return location_;
}

}  // namespace strata::sql
