#include "capture_cutoffs.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace strata::test {
namespace {

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

CaptureCutoffs::CaptureCutoffs()
    : file_(std::filesystem::temp_directory_path() /
            ("capture-cutoffs-" + std::to_string(::getpid()) + "-" + std::to_string(NowMicros()))) {
  std::ofstream(file_).flush();
  ::setenv("STRATA_CAPTURE_CUTOFFS", file_.c_str(), 1);
}

CaptureCutoffs::~CaptureCutoffs() {
  ::unsetenv("STRATA_CAPTURE_CUTOFFS");
  std::filesystem::remove(file_);
}

void CaptureCutoffs::Cut(const std::string& ds) {
  SleepPast(Mark(ds));
}

int64_t CaptureCutoffs::Mark(const std::string& ds, int64_t ahead_ms) {
  int64_t at = (NowMicros() + ahead_ms * 1000) / 1000000 * 1000000 + 1000000;
  std::ofstream(file_, std::ios::app) << ds << " " << at << "\n";
  return at;
}

void CaptureCutoffs::SleepPast(int64_t micros) {
  // 150 ms past it: the clocks of strata, the server and this test agree.
  std::this_thread::sleep_for(std::chrono::microseconds(micros - NowMicros() + 150000));
}

int64_t CaptureCutoffs::NowMicros() {
  return strata::test::NowMicros();
}

}  // namespace strata::test
