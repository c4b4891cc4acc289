#include "core/ticker.h"

namespace strata {

Ticker::Ticker(std::function<void(double seconds)> fn)
    : started_(std::chrono::steady_clock::now()) {
  if (!fn) return;
  thread_ = std::thread([this, fn = std::move(fn)] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; }))
      fn(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  });
}

Ticker::~Ticker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace strata
