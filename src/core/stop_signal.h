#pragma once
// StopSignal is how an operator's "stop" reaches work in progress: one
// thread raises it with a reason ("stopped by alice"), the work polls it at
// points where stopping leaves nothing half-done and throws
// strata::Error(reason) there. Raising twice keeps the first reason. Work
// that blocks outside strata's own loops (a DuckDB query) is woken by whoever
// raises the signal (see DuckEngine::Interrupt). Thread-safe; the owner keeps
// it alive while any work holds a pointer to it.

#include <atomic>
#include <mutex>
#include <string>

namespace strata {

class StopSignal {
 public:
  void Raise(const std::string& reason);
  bool raised() const { return raised_.load(); }
  std::string reason() const;
  // Throws Error(reason) once raised.
  void ThrowIfRaised() const;

 private:
  std::atomic<bool> raised_{false};
  mutable std::mutex mu_;
  std::string reason_;
};

}  // namespace strata
