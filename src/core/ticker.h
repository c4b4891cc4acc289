#pragma once
// Ticker calls a function about once a second, from a thread of its own,
// with the seconds since the Ticker was made, until it is destroyed; the
// destructor waits for a call in progress. An empty function starts nothing.
// It drives live progress lines (a sync's records, a SQL node's statement)
// so that each kind of work only says what its line shows.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace strata {

class Ticker {
 public:
  explicit Ticker(std::function<void(double seconds)> fn);
  ~Ticker();
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

 private:
  std::chrono::steady_clock::time_point started_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace strata
