#include "source/postgres/pg_copy_stream.h"

#include <cstring>

#include "core/error.h"
#include "source/postgres/pg_binary_decoder.h"

namespace strata {
namespace {

constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // plus its terminating '\0': 11 bytes
constexpr size_t kSignatureSize = 11;
constexpr size_t kHeaderSize = kSignatureSize + 4 + 4;  // + flags + extension length
constexpr int32_t kHasOids = 1 << 16;

}  // namespace

PgCopyStream::PgCopyStream(PgConnection& conn, const std::string& copy_sql, int fields,
                           std::string context)
    : conn_(conn), expected_fields_(fields), context_(std::move(context)) {
  fields_.resize(static_cast<size_t>(fields));
  conn_.StartCopyOut(copy_sql, context_);
}

PgCopyStream::~PgCopyStream() {
  if (message_) PQfreemem(message_);
}

void PgCopyStream::Fail(const std::string& what) const {
  throw Error(conn_.label() + ": " + context_ + ": " + what);
}

bool PgCopyStream::Next() {
  if (done_) return false;
  for (;;) {
    size_t used = header_done_ ? ParseTuple() : ParseHeader();
    if (used == kNeedMore) {
      Refill();
      continue;
    }
    data_ += used;
    size_ -= used;
    if (!header_done_) {
      header_done_ = true;
      continue;
    }
    if (!trailer_seen_) return true;
    Finish();
    return false;
  }
}

size_t PgCopyStream::ParseHeader() {
  if (size_ < kHeaderSize) return kNeedMore;
  if (std::memcmp(data_, kSignature, kSignatureSize) != 0) Fail("not a binary COPY stream");
  int32_t flags = PgInt32(data_ + kSignatureSize);
  if (flags & kHasOids) Fail("the COPY stream carries OIDs");
  if (flags >> 17) Fail("the COPY stream has flags this reader does not know");
  int32_t extension = PgInt32(data_ + kSignatureSize + 4);
  if (extension < 0) Fail("malformed COPY header");
  if (size_ < kHeaderSize + static_cast<size_t>(extension)) return kNeedMore;
  return kHeaderSize + static_cast<size_t>(extension);
}

size_t PgCopyStream::ParseTuple() {
  if (size_ < 2) return kNeedMore;
  int count = PgInt16(data_);
  if (count == -1) {
    trailer_seen_ = true;
    return 2;
  }
  if (count != expected_fields_)
    Fail("a row has " + std::to_string(count) + " fields, expected " +
         std::to_string(expected_fields_));
  size_t pos = 2;
  for (int i = 0; i < count; ++i) {
    if (size_ - pos < 4) return kNeedMore;
    int32_t len = PgInt32(data_ + pos);
    pos += 4;
    if (len < -1) Fail("malformed field length in the COPY stream");
    if (len == -1) {
      fields_[i] = {nullptr, -1};
      continue;
    }
    if (size_ - pos < static_cast<size_t>(len)) return kNeedMore;
    fields_[i] = {data_ + pos, len};
    pos += static_cast<size_t>(len);
  }
  return pos;
}

void PgCopyStream::Refill() {
  // Keep the unconsumed bytes (the start of a tuple) in carry_.
  if (message_) {
    carry_.assign(data_, size_);
    PQfreemem(message_);
    message_ = nullptr;
  } else {
    carry_.erase(0, carry_.size() - size_);
  }
  char* buffer = nullptr;
  int n = conn_.GetCopyData(&buffer, context_);
  if (n < 0) Fail("the COPY stream ended before its end marker");
  bytes_ += n;
  if (carry_.empty()) {
    message_ = buffer;
    data_ = buffer;
    size_ = static_cast<size_t>(n);
    return;
  }
  carry_.append(buffer, static_cast<size_t>(n));
  PQfreemem(buffer);
  data_ = carry_.data();
  size_ = carry_.size();
}

void PgCopyStream::Finish() {
  if (size_ != 0) Fail("data after the end of the COPY stream");
  if (message_) {
    PQfreemem(message_);
    message_ = nullptr;
  }
  char* buffer = nullptr;
  int n = conn_.GetCopyData(&buffer, context_);  // -1 once the COPY completed
  if (n >= 0) {
    PQfreemem(buffer);
    Fail("data after the end of the COPY stream");
  }
  done_ = true;
}

}  // namespace strata
