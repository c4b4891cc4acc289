#include "core/failpoint.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

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
  static const char* armed = std::getenv("STRATA_FAIL_INSTANCE");
  if (armed == nullptr) return;
  std::string list = std::string(",") + armed + ",";
  if (list.find("," + key + ",") != std::string::npos)
    throw Error("injected failure (STRATA_FAIL_INSTANCE=" + std::string(armed) + ")");
}

}  // namespace strata
