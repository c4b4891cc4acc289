#include "schedule/env_interpolation.h"

#include <cstdlib>

#include "core/error.h"
#include "core/names.h"

namespace strata {

namespace {
constexpr std::string_view kOpen = "${env:";
}  // namespace

std::string InterpolateEnv(std::string_view text) {
  std::string out;
  size_t done = 0;
  for (size_t start = text.find(kOpen); start != std::string_view::npos;
       start = text.find(kOpen, done)) {
    size_t close = text.find('}', start);
    if (close == std::string_view::npos)
      throw Error("unterminated '" + std::string(text.substr(start)) + "'");
    std::string name(text.substr(start + kOpen.size(), close - start - kOpen.size()));
    std::string ref(text.substr(start, close + 1 - start));
    if (!IsIdentifier(name)) throw Error("'" + ref + "' does not name an environment variable");
    const char* value = std::getenv(name.c_str());
    if (!value) throw Error("environment variable " + name + " (" + ref + ") is not set");
    out.append(text.substr(done, start - done)).append(value);
    done = close + 1;
  }
  return out.append(text.substr(done));
}

std::string AsInterpolatedString(const YamlValue& value) {
  try {
    return InterpolateEnv(value.AsString());
  } catch (const Error& e) {
    value.Fail(e.what());
  }
}

}  // namespace strata
