#pragma once
// The operations page's files (web/, built by npm at build time), embedded in
// the binary so strata stays one file to deploy. The definition is generated
// by CMake (cmake/embed_web.cmake) from the bundle; without npm the build
// embeds a one-page notice instead. Immutable; thread-safe.

#include <cstddef>
#include <string_view>
#include <vector>

namespace strata {

struct WebAsset {
  std::string_view path;  // "/index.html", "/assets/index-1a2b.js"
  std::string_view content_type;
  std::string_view data;
};

const std::vector<WebAsset>& WebAssets();

}  // namespace strata
