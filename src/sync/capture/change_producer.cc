#include "sync/capture/change_producer.h"

#include "sync/row_converter.h"
#include "warehouse/merge/merge_sql.h"

namespace strata {

Schema ChangeRowColumns() {
  Schema cols = MergeSql::ChangeColumns();
  cols.push_back({"_seq", {TypeId::kBigInt}});
  return cols;
}

class ChangeProducer::Stream : public RowStream {
 public:
  explicit Stream(ChangeProducer* owner)
      : owner_(owner), converter_(*owner->target_, owner->target_of_) {
    first_extra_ = static_cast<int>(owner->target_->size() - ChangeRowColumns().size());
  }

  idx_t Fill(ChunkWriter& out) override {
    idx_t n = 0;
    ChangeEvent event;
    while (!finished_ && n < out.capacity()) {
      converter_.BeginRow(&out, n);
      if (!owner_->stream_->Next(event, converter_)) {
        finished_ = true;
        break;
      }
      ++owner_->rows_read_;
      if (converter_.dirty()) {
        owner_->dirty_->Record(*converter_.dirty(), owner_->stream_->CurrentRowJson());
        continue;  // the slot is written again by the next row
      }
      char op = static_cast<char>(event.op);
      out.SetString(first_extra_, n, std::string_view(&op, 1));
      out.SetTimestamp(first_extra_ + 1, n, event.commit_micros);
      out.SetString(first_extra_ + 2, n, event.position.text);
      out.SetInt(first_extra_ + 3, n, owner_->next_seq_++);
      owner_->last_commit_micros_ = event.commit_micros;
      ++n;
    }
    return n;
  }

 private:
  ChangeProducer* owner_;
  RowConverter converter_;
  int first_extra_ = 0;
  bool finished_ = false;
};

ChangeProducer::ChangeProducer(ChangeStream* stream, const Schema* target,
                               std::vector<int> target_of, DirtyLog* dirty, int64_t first_seq)
    : stream_(stream),
      target_(target),
      target_of_(std::move(target_of)),
      dirty_(dirty),
      next_seq_(first_seq) {}

std::unique_ptr<RowStream> ChangeProducer::NextStream() {
  if (handed_out_) return nullptr;
  handed_out_ = true;
  return std::make_unique<Stream>(this);
}

}  // namespace strata
