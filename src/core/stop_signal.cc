#include "core/stop_signal.h"

#include "core/error.h"

namespace strata {

void StopSignal::Raise(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (raised_.load()) return;
  reason_ = reason;
  raised_.store(true);
}

std::string StopSignal::reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

void StopSignal::ThrowIfRaised() const {
  if (raised()) throw Error(reason());
}

}  // namespace strata
