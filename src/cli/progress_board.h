#pragma once
// Live progress on a terminal: one line per running node, redrawn in place
// at the bottom of the screen, each erased when its instance ends. A sync's
// line counts records as read against the total its source gave, a count or
// the planner's estimate ("~"):
//   a 20240101: 1,234,567 / ~2,000,000 records (61%), 0 dirty, 45,210 records/s, 0:27, ETA 0:16
// Past an estimate, and without a total, there is no percent and no ETA
// rather than a wrong one. A SQL node's line names its statement
// ("a 20240101: statement 2/5, 0:12"). Lines erase themselves before any
// executor output (SetBeforePrint), so logs and start/finish lines never mix
// with them.

#include <map>
#include <ostream>
#include <string>

#include "schedule/instance_executor.h"

namespace strata::cli {

class ProgressBoard {
 public:
  explicit ProgressBoard(std::ostream& out);
  ~ProgressBoard();  // erases what is left
  ProgressBoard(const ProgressBoard&) = delete;
  ProgressBoard& operator=(const ProgressBoard&) = delete;

  // For ExecutorOptions::progress.
  InstanceProgress Callback();

  // The line for one instance's progress.
  static std::string Line(const Instance& inst, const SyncProgress& p);

 private:
  void Update(const Instance& inst, const SyncProgress* p);  // under the print lock
  void Erase();
  void Draw();

  std::ostream& out_;
  std::map<int64_t, std::string> lines_;  // instance id -> line; under the print lock
  size_t drawn_ = 0;                      // lines on the screen now
};

}  // namespace strata::cli
