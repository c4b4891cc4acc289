// Fuzzes SubstituteParams, which expands the scheduling parameters in every
// SQL text, where clause and partition spec a project holds.
//
// The input is the text. Its first byte also picks the business date among
// an ordinary day and the two ends of the supported years, where the date
// arithmetic is closest to its limits. A custom parameter holds the text
// too, so that "${self}" exercises the substitution of custom values.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/params.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const strata::CivilTime kBizdates[] = {{2016, 11, 14}, {1, 1, 1}, {9999, 12, 30}};
  const strata::CivilTime& bizdate = kBizdates[size == 0 ? 0 : data[0] % 3];
  strata::ParamContext ctx = strata::ParamContext::ForBizdate(bizdate, 23, 59, 59);
  ctx.custom = {{"yesterday", "$[yyyymmdd-1]"}, {"self", std::string(text)}};
  try {
    strata::SubstituteParams(text, ctx);
  } catch (const strata::Error&) {
    // Rejected with a message: what bad input should get.
  }
  return 0;
}
