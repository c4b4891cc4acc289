#pragma once
// The change-data-capture entry points of the sources, beside OpenSource:
// a node's first snapshot, whose reads show the table exactly where its
// change stream starts, and the change stream of later reads. Supported:
// PostgreSQL (logical replication, a slot and publication named after the
// project and node, pg_capture_names.h) and MySQL/MariaDB (the binlog);
// another source throws strata::Error naming the connection.

#include <functional>
#include <memory>
#include <string>

#include "source/change_stream.h"
#include "source/source.h"

namespace strata {

// Who captures: PostgreSQL names its slot and publication after them.
struct CaptureOwner {
  std::string project;
  std::string node;
};

// A first snapshot. Read the table through `source` (PlanSplits, then Open
// each split), then call `start()`: the position the stream starts at, which
// the reads saw exactly. `keep` holds what the snapshot needs alive until the
// reads end (PostgreSQL's replication connection, whose slot exported it).
struct CaptureSnapshot {
  std::unique_ptr<Source> source;
  std::function<ChangePosition()> start;
  std::shared_ptr<void> keep;
};

// Takes a new snapshot for `spec.table`. On PostgreSQL a slot left by an
// earlier first run that never committed is dropped and made again.
CaptureSnapshot OpenCaptureSnapshot(const ConnectionConfig& config, const ReadSpec& spec,
                                    const CaptureOwner& owner);

// The change stream of `spec.table`, for one read.
std::unique_ptr<ChangeStream> OpenChangeStream(const ConnectionConfig& config, const ReadSpec& spec,
                                               const CaptureOwner& owner);

}  // namespace strata
