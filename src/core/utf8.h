#pragma once
// Checks that text is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF), and says where it is not, in the terms
// an error message about a file needs.

#include <cstddef>
#include <optional>
#include <string_view>

namespace strata {

struct Utf8Error {
  int line = 0;            // 1-based
  size_t column = 0;       // 1-based, in bytes
  unsigned char byte = 0;  // the first byte that does not fit
};

// The first place `text` is not UTF-8, or nullopt if it all is.
std::optional<Utf8Error> FindInvalidUtf8(std::string_view text);

}  // namespace strata
