#include "cli/progress_board.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace strata::cli {
namespace {

// 1234567 -> "1,234,567".
std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

// "0:27"; from an hour on "1:01:05", not "61:05".
std::string Duration(double seconds) {
  auto s = static_cast<int64_t>(seconds);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

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
  std::string head = fmt::format("  {} {}: ", inst.node, inst.bizdate);
  if (!p.stage.empty()) return head + p.stage + ", " + Duration(p.seconds);
  double rate = p.read / std::max(p.seconds, 1e-6);
  std::string records = Grouped(p.read);
  bool within = p.total && p.read <= *p.total;
  if (p.total) records += " / " + std::string(p.total_is_estimate ? "~" : "") + Grouped(*p.total);
  records += " records";
  if (within && *p.total > 0) records += fmt::format(" ({}%)", p.read * 100 / *p.total);
  std::string line = head + records + ", " + Grouped(p.dirty) + " dirty, " +
                     Grouped(std::llround(rate)) + " records/s, " + Duration(p.seconds);
  if (within && p.read > 0) line += ", ETA " + Duration((*p.total - p.read) / rate);
  return line;
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
