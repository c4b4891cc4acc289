#pragma once
// StopRequestWatch carries an operator's stop (OperationsStore::RequestStop)
// to one running attempt: about once a second it looks for a request for
// that instance's attempt in the state database, and once there is one it
// raises `stop` with "stopped by WHO" and calls `interrupt` (again every
// second until the watch ends, so a statement that began just after the
// first call is interrupted too). It polls from a thread of its own, from
// construction to destruction; `stop` and whatever `interrupt` touches must
// outlive it.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "core/stop_signal.h"
#include "core/ticker.h"

namespace strata {

class OperationsStore;

class StopRequestWatch {
 public:
  StopRequestWatch(const std::filesystem::path& state_db, int64_t instance_id, int attempt,
                   StopSignal* stop, std::function<void()> interrupt);
  ~StopRequestWatch();

 private:
  void Poll();

  int64_t id_;
  int attempt_;
  StopSignal* stop_;
  std::function<void()> interrupt_;
  std::unique_ptr<OperationsStore> store_;  // used by the ticker's thread only
  Ticker ticker_;                           // last: it stops before the rest goes
};

}  // namespace strata
