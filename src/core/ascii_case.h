#pragma once
// ASCII case folding for names and type spellings (SQL identifiers, native
// type names): bytes A-Z become a-z, every other byte stays, whatever the
// locale. Pure function; thread-safe.

#include <string>
#include <string_view>

namespace strata {

std::string AsciiLower(std::string_view s);
// Whether `a` and `b` are equal once both are folded.
bool AsciiEqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace strata
