#pragma once
// Cuts [min, max] of an integer split key into `n` contiguous ranges whose
// predicates together cover every value exactly once, plus one split for
// NULL keys. Shared by every source; the key is already quoted for its SQL.

#include <cstdint>
#include <string>
#include <vector>

#include "source/source.h"

namespace strata {

std::vector<Split> SplitIntegerRange(const std::string& quoted_key, int64_t min, int64_t max,
                                     int n);

}  // namespace strata
