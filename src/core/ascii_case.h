#pragma once
// ASCII case folding for names and type spellings (SQL identifiers, native
// type names): bytes A-Z become a-z, every other byte stays, whatever the
// locale. Pure function; thread-safe.

#include <string>
#include <string_view>

namespace strata {

std::string AsciiLower(std::string_view s);

}  // namespace strata
