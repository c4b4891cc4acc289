// When a test suite's SetUpTestSuite fails (a server that did not start),
// GoogleTest marks its tests "skipped", and ctest counts a skip as no
// failure. This listener ends the process with a failure before the first
// such test is reported, so a broken harness can never pass quietly.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

namespace strata::test {
namespace {

class SuiteSetupGuard : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo& info) override {
    const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    if (suite == nullptr || !suite->ad_hoc_test_result().Failed()) return;
    std::fprintf(stderr, "\n%s: SetUpTestSuite failed; failing instead of skipping %s\n",
                 info.test_suite_name(), info.name());
    std::fflush(nullptr);
    _exit(1);
  }
};

const bool kInstalled = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new SuiteSetupGuard);
  return true;
}();

}  // namespace
}  // namespace strata::test
