#include "core/decimal_text.h"

namespace strata {
namespace {

// The digits of |v| (no sign), at least `min_digits` of them, zero-padded.
std::string Digits(__int128 v, size_t min_digits) {
  unsigned __int128 u =
      v < 0 ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  for (; u; u /= 10) digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
  if (digits.size() < min_digits) digits.append(min_digits - digits.size(), '0');
  return {digits.rbegin(), digits.rend()};
}

}  // namespace

std::string Int128Text(__int128 v) {
  return (v < 0 ? "-" : "") + Digits(v, 1);
}

std::string DecimalText(__int128 unscaled, int scale) {
  if (scale <= 0) return Int128Text(unscaled);
  std::string digits = Digits(unscaled, static_cast<size_t>(scale) + 1);
  digits.insert(digits.end() - scale, '.');
  return (unscaled < 0 ? "-" : "") + digits;
}

}  // namespace strata
