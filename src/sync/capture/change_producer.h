#pragma once
// ChangeProducer feeds a Parquet write from a ChangeStream: every change the
// stream delivers becomes one change row, the table's data columns (through
// a RowConverter, exactly as a snapshot read converts them) followed by
// _op (I/U/D), _ts (the commit time), _pos (the commit's position, as the
// database writes it) and _seq (numbered on from `first_seq`, in log order:
// what orders two changes of one transaction). A row that does not convert
// goes to the DirtyLog. One stream (a log is read in order); the stream must
// have been started. Not thread-safe beyond RowProducer's promise.

#include <atomic>
#include <memory>
#include <vector>

#include "source/change_stream.h"
#include "sync/dirty_log.h"
#include "warehouse/ingest/row_producer.h"

namespace strata {

class ChangeProducer : public RowProducer {
 public:
  // `target`: the data columns then ChangeRowColumns(); `target_of[i]` the
  // data column source column i fills.
  ChangeProducer(ChangeStream* stream, const Schema* target, std::vector<int> target_of,
                 DirtyLog* dirty, int64_t first_seq);

  int Parallelism() const override { return 1; }
  std::unique_ptr<RowStream> NextStream() override;

  int64_t rows_read() const { return rows_read_.load(); }
  int64_t next_seq() const { return next_seq_; }
  int64_t last_commit_micros() const { return last_commit_micros_; }

 private:
  class Stream;
  ChangeStream* stream_;
  const Schema* target_;
  std::vector<int> target_of_;
  DirtyLog* dirty_;
  bool handed_out_ = false;
  std::atomic<int64_t> rows_read_{0};
  int64_t next_seq_;
  int64_t last_commit_micros_ = 0;
};

// The columns a captured change row has after the data columns:
// _op, _ts, _pos (MergeSql::ChangeColumns()) and _seq.
Schema ChangeRowColumns();

}  // namespace strata
