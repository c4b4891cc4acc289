#include "core/failpoint.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace strata {

void Failpoint(const char* name) {
  static const char* armed = std::getenv("STRATA_FAILPOINT");
  if (armed != nullptr && std::strcmp(armed, name) == 0) {
    static const char kMsg[] = "strata: failpoint hit, crashing\n";
    [[maybe_unused]] auto n = write(2, kMsg, sizeof(kMsg) - 1);
    _exit(137);
  }
}

}  // namespace strata
