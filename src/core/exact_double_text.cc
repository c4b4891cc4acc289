#include "core/exact_double_text.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace strata {

std::string ExactDoubleText(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == 0) return "0";
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  int biased = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
  // Subnormals share the smallest normal exponent, without the implicit bit.
  int e = biased == 0 ? -1022 : biased - 1023;
  if (biased != 0) mantissa |= uint64_t{1} << 52;
  return std::string(d < 0 ? "-" : "") + std::to_string(mantissa) + "p" + std::to_string(e);
}

}  // namespace strata
