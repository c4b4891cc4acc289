#pragma once
// ExactDoubleText spells a double exactly as verify's canonical text does
// (docs/verify.md): sign, the integer mantissa m, "p", the binary exponent e
// clamped to [-1022, 1023], value = m * 2^(e-52) ("4503599627370496p0" is
// 1, "-7205759403792794p-4" is -0.1); both zeros "0"; "nan", "inf", "-inf".
// The same text the SQL spellings in verify/canonical_sql.cc produce. Pure
// function; thread-safe.

#include <string>

namespace strata {

std::string ExactDoubleText(double d);

}  // namespace strata
