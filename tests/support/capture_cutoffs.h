#pragma once
// Test support: business dates a second long for `capture: log` nodes. The
// constructor creates a cutoff file and names it in STRATA_CAPTURE_CUTOFFS
// (the strata processes a test starts inherit it); Cut(ds) appends the
// date's cutoff at the next whole second and waits until 150 ms past it.
// The destructor unsets the variable and removes the file. One per test.

#include <filesystem>
#include <string>

namespace strata::test {

class CaptureCutoffs {
 public:
  CaptureCutoffs();
  ~CaptureCutoffs();
  CaptureCutoffs(const CaptureCutoffs&) = delete;
  CaptureCutoffs& operator=(const CaptureCutoffs&) = delete;

  // Every commit before the call is before the cutoff of `ds`, every commit
  // after it is after (MariaDB stamps commits in whole seconds: a whole
  // second keeps its stamps on the right side too).
  void Cut(const std::string& ds);

 private:
  std::filesystem::path file_;
};

}  // namespace strata::test
