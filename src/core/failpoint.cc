#include "core/failpoint.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/error.h"

namespace strata {

void Failpoint(const char* name) {
  static const char* armed = std::getenv("STRATA_FAILPOINT");
  if (armed != nullptr && std::strcmp(armed, name) == 0) {
    static const char kMsg[] = "strata: failpoint hit, crashing\n";
    [[maybe_unused]] auto n = write(2, kMsg, sizeof(kMsg) - 1);
    _exit(137);
  }
}

void InjectedFailure(const std::string& key) {
  // A test watching an instance run (the page's browser test) needs it to
  // stay running long enough to be seen.
  static const char* slow = std::getenv("STRATA_SLOW_INSTANCE_MS");
  if (slow != nullptr) std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(slow)));
  static const char* armed = std::getenv("STRATA_FAIL_INSTANCE");
  if (armed == nullptr) return;
  std::string list = std::string(",") + armed + ",";
  if (list.find("," + key + ",") != std::string::npos)
    throw Error("injected failure (STRATA_FAIL_INSTANCE=" + std::string(armed) + ")");
}

}  // namespace strata
