#pragma once
// Test support: business dates a second long for `capture: log` nodes. The
// constructor creates a cutoff file and names it in STRATA_CAPTURE_CUTOFFS
// (the strata processes a test starts inherit it); Cut(ds) appends the
// date's cutoff at the next whole second and waits until 150 ms past it.
// The destructor unsets the variable and removes the file. One per test.

#include <cstdint>
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
  // Cuts `ds` at the next whole second at least `ahead_ms` from now, without
  // waiting (a later line for the same date replaces an earlier one);
  // returns the cutoff, UTC microseconds.
  int64_t Mark(const std::string& ds, int64_t ahead_ms = 0);
  // Waits until 150 ms past `micros`.
  static void SleepPast(int64_t micros);
  // The wall clock, UTC microseconds.
  static int64_t NowMicros();

 private:
  std::filesystem::path file_;
};

}  // namespace strata::test
