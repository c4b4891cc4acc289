#pragma once
// How far each `capture: log` node's stored changes are behind its source's
// log, for `strata status` and the page: the position the catalog holds
// (CaptureState), the end of the server's log now (ChangeStream::LogEnd),
// the distance between them, and seconds behind: 0 when nothing is behind,
// else now minus the start of the last read of the log known to have been
// complete up to then: serve's last read (kept in the state database by
// RecordCaptureRead) or the last read that stored changes
// (CaptureState::stored_micros), whichever is later. A source that cannot be
// reached gives a lag with `error` set; the others are still measured.
// Opens the catalog read-only and one ChangeStream (its connections) per
// node, closed before the next; one thread at a time.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schedule/project.h"
#include "source/change_log_distance.h"

namespace strata {

class StateStore;

struct CaptureLag {
  std::string node, change_table;
  std::string stored;   // the stored position's text
  std::string log_end;  // the server's; "" with an error
  std::optional<LogDistance> behind;
  int64_t seconds_behind = 0;
  std::string error;  // the source (or its position) could not be read
};

// The capture: log nodes that captured already (have a state), in file order.
std::vector<CaptureLag> MeasureCaptureLags(const Project& project, int64_t now_micros);

// "acct  dw_accounts_changes  stored binlog.000001:1234  log end binlog.000001:1300
//  behind 66 B, 3 s" (one line, no newline), or the error.
std::string FormatCaptureLag(const CaptureLag& lag);

// Serve's note that a read of `node`'s log started at `micros` went to the
// log's end (or its last cutoff); MeasureCaptureLags counts from it.
void RecordCaptureRead(StateStore& store, const std::string& node, int64_t micros);

}  // namespace strata
