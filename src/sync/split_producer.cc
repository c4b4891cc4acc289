#include "sync/split_producer.h"

#include "sync/row_converter.h"

namespace strata {
namespace {

// Reads one split, converting each row into the next free slot of the chunk.
class ConvertingStream : public RowStream {
 public:
  ConvertingStream(std::unique_ptr<SplitReader> reader, SplitProducer* owner)
      : reader_(std::move(reader)),
        owner_(owner),
        converter_(owner->target(), owner->target_of()) {}

  idx_t Fill(ChunkWriter& out) override {
    idx_t n = 0;
    int64_t read = 0;
    int64_t bytes_before = reader_->BytesRead();
    while (!finished_ && n < out.capacity()) {
      converter_.BeginRow(&out, n);
      if (!reader_->Next(converter_)) {
        finished_ = true;  // a reader is not asked again once it said "end"
        break;
      }
      ++read;
      if (converter_.dirty()) {
        owner_->dirty().Record(*converter_.dirty(), reader_->CurrentRowJson());
        continue;  // the slot is written again by the next row
      }
      ++n;
    }
    owner_->AddRead(read, reader_->BytesRead() - bytes_before);
    return n;
  }

 private:
  std::unique_ptr<SplitReader> reader_;
  SplitProducer* owner_;
  RowConverter converter_;
  bool finished_ = false;
};

}  // namespace

SplitProducer::SplitProducer(Source* source, ReadSpec spec, std::vector<Split> splits, int channels,
                             const Schema* target, std::vector<int> target_of, DirtyLog* dirty)
    : source_(source),
      spec_(std::move(spec)),
      channels_(channels),
      target_(target),
      target_of_(std::move(target_of)),
      dirty_(dirty),
      splits_(splits.begin(), splits.end()) {}

std::unique_ptr<RowStream> SplitProducer::NextStream() {
  Split split;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (splits_.empty()) return nullptr;
    split = std::move(splits_.front());
    splits_.pop_front();
  }
  return std::make_unique<ConvertingStream>(source_->Open(spec_, split), this);
}

}  // namespace strata
