#pragma once
// MySQL's `latin1` text as UTF-8, exactly as the server converts it for a
// utf8mb4 client: MySQL's latin1 is Windows-1252, with the five bytes
// Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) mapped to the
// C1 controls of the same number. Every byte maps to one character, so any
// input converts. Pure function; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace strata {

std::string MysqlLatin1ToUtf8(std::string_view latin1);
// The inverse: the latin1 bytes of UTF-8 text; nullopt when the text holds a
// character latin1 has no byte for (or is not UTF-8).
std::optional<std::string> MysqlUtf8ToLatin1(std::string_view utf8);

}  // namespace strata
