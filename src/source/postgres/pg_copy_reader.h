#pragma once
// PgCopyReader reads one split of a PostgreSQL read: on a borrowed channel
// connection (already inside the source's snapshot) it takes the table's
// ACCESS SHARE lock with NOWAIT, then streams COPY (SELECT ...) TO STDOUT
// (FORMAT binary) and delivers each tuple's fields to the ValueSink through
// the binary decoder. The connection goes back to the pool when the reader
// is destroyed, if the COPY ran to its end; otherwise it is closed.
//
// A server error or a dropped connection throws strata::Error naming the
// server, the table and the split. One thread at a time.

#include <memory>
#include <string>

#include "source/postgres/pg_connection_pool.h"
#include "source/postgres/pg_copy_stream.h"
#include "source/postgres/pg_read_plan.h"
#include "source/source.h"

namespace strata {

class PgCopyReader : public SplitReader {
 public:
  PgCopyReader(PgLease lease, std::shared_ptr<const PgReadPlan> plan, const Split& split);

  bool Next(ValueSink& sink) override;
  std::string CurrentRowJson() override;
  int64_t BytesRead() const override { return stream_->bytes(); }

 private:
  // Takes the table's ACCESS SHARE lock with NOWAIT, where PostgreSQL can.
  void LockTable();

  PgLease lease_;  // declared before stream_: the COPY ends before the lease returns
  std::shared_ptr<const PgReadPlan> plan_;
  std::string context_;
  std::unique_ptr<PgCopyStream> stream_;
  std::string scratch_;
};

}  // namespace strata
