#pragma once
// How far one position of a source's change log is behind another, for a
// capture's lag: PostgreSQL LSNs are byte addresses, so the distance is
// their difference; MySQL/MariaDB binlog positions are a file and an offset,
// so the distance is the offsets' difference within one file, else the
// number of binlog files in between (their sizes are the server's to know).
// Pure functions.

#include <cstdint>

#include "source/change_stream.h"

namespace strata {

struct LogDistance {
  uint64_t files = 0;  // binlog files `to` is past `from`'s; 0 = the same file (or an LSN)
  uint64_t bytes = 0;  // with files == 0: the bytes between; else `to`'s offset in its file
  bool none() const { return files == 0 && bytes == 0; }
};

// The distance from `from` to `to` (zero when `to` is not after `from`).
// Positions of one source, as its ChangeStream wrote them. Throws
// strata::Error naming a text that is no position.
LogDistance MeasureLogDistance(const ChangePosition& from, const ChangePosition& to);

// "0 B", "1234 B", or "2 files + 1234 B".
std::string FormatLogDistance(const LogDistance& d);

}  // namespace strata
