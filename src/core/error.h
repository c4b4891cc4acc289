#pragma once
// strata reports every failure the user can act on as a strata::Error: one line
// that names the file, line, key or value at fault. The CLI prints what() on
// stderr and exits non-zero; nothing else catches it except to add context.

#include <stdexcept>
#include <string>

namespace strata {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace strata
