#include "cli/progress_board.h"

#include <fmt/format.h>

#include <algorithm>

namespace strata::cli {

ProgressBoard::ProgressBoard(std::ostream& out) : out_(out) {
  SetBeforePrint([this] { Erase(); });
}

ProgressBoard::~ProgressBoard() {
  SetBeforePrint({});
  WithPrintLock([this] { Erase(); });
}

InstanceProgress ProgressBoard::Callback() {
  return [this](const Instance& inst, const SyncProgress* p) {
    WithPrintLock([&] { Update(inst, p); });
  };
}

std::string ProgressBoard::Line(const Instance& inst, const SyncProgress& p) {
  auto secs = static_cast<int64_t>(p.seconds);
  return fmt::format("  {} {}: {} records, {} dirty, {:.0f} records/s, {}:{:02}", inst.node,
                     inst.bizdate, p.read, p.dirty, p.read / std::max(p.seconds, 1e-6), secs / 60,
                     secs % 60);
}

void ProgressBoard::Update(const Instance& inst, const SyncProgress* p) {
  Erase();
  if (p)
    lines_[inst.id] = Line(inst, *p);
  else
    lines_.erase(inst.id);
  Draw();
}

void ProgressBoard::Erase() {
  // Up to the first drawn line, then clear to the end of the screen.
  if (drawn_ > 0) out_ << "\033[" << drawn_ << "F\033[J" << std::flush;
  drawn_ = 0;
}

void ProgressBoard::Draw() {
  for (const auto& [id, line] : lines_) out_ << line << "\n";
  drawn_ = lines_.size();
  out_ << std::flush;
}

}  // namespace strata::cli
