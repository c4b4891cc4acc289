#include "schedule/stop_request_watch.h"

#include "schedule/operations_store.h"

namespace strata {

StopRequestWatch::StopRequestWatch(const std::filesystem::path& state_db, int64_t instance_id,
                                   int attempt, StopSignal* stop, std::function<void()> interrupt)
    : id_(instance_id),
      attempt_(attempt),
      stop_(stop),
      interrupt_(std::move(interrupt)),
      store_(std::make_unique<OperationsStore>(state_db)),
      ticker_([this](double) { Poll(); }) {}

StopRequestWatch::~StopRequestWatch() = default;

void StopRequestWatch::Poll() {
  if (!stop_->raised()) {
    std::optional<std::string> who;
    try {
      who = store_->StopRequestedBy(id_, attempt_);
    } catch (const std::exception&) {
      return;  // a busy state database: ask again next second
    }
    if (!who) return;
    stop_->Raise("stopped by " + *who);
  }
  if (interrupt_) interrupt_();
}

}  // namespace strata
