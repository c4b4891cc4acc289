#pragma once
// How many terminal columns text takes: CJK ideographs, Hangul, full-width
// forms and emoji take two, combining marks and zero-width characters none,
// everything else one. Invalid UTF-8 counts one column per byte.

#include <cstddef>
#include <string_view>

namespace strata::cli {

size_t DisplayWidth(std::string_view text);

}  // namespace strata::cli
