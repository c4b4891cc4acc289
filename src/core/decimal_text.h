#pragma once
// Decimal text of 128-bit integers and of unscaled decimals, as DuckDB casts
// a DECIMAL to VARCHAR ("-0.05" for -5 at scale 2, "12" at scale 0): what
// verify's canonical text of a warehouse decimal is, and what a value the
// sync rejects shows. Pure functions; thread-safe.

#include <string>

namespace strata {

// "-170141183460469231731687303715884105728" .. "0" .. "170141…727".
std::string Int128Text(__int128 v);
// `unscaled` / 10^`scale` with exactly `scale` digits after the point
// (none and no point at scale 0), a leading "0" before it, "-" when negative.
std::string DecimalText(__int128 unscaled, int scale);

}  // namespace strata
