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

// A mistake on the command line (a malformed or contradictory flag value):
// the CLI exits 2 for these, as for the mistakes its parser catches.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace strata
