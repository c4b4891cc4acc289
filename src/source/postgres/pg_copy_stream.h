#pragma once
// PgCopyStream runs one COPY ... TO STDOUT (FORMAT binary) and parses its
// output tuple by tuple as PQgetCopyData (synchronous) hands it over: the
// header (signature, flags, extension), then per tuple an int16 field count
// and per field an int32 length (-1 for NULL) and that many bytes, then the
// int16 -1 trailer. It holds at most one CopyData message plus a partial
// tuple, so memory stays bounded whatever the row count. Fields of the
// current tuple stay valid until the next call to Next().
//
// Any server error, broken connection or malformed stream throws
// strata::Error naming `context`. Borrows the connection; one thread at a time.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "source/postgres/pg_connection.h"

namespace strata {

class PgCopyStream {
 public:
  // Starts `copy_sql`, whose tuples must have `fields` fields.
  PgCopyStream(PgConnection& conn, const std::string& copy_sql, int fields, std::string context);
  ~PgCopyStream();
  PgCopyStream(const PgCopyStream&) = delete;
  PgCopyStream& operator=(const PgCopyStream&) = delete;

  // Moves to the next tuple; false once the COPY has ended successfully.
  bool Next();
  bool IsNull(int i) const { return fields_[i].size < 0; }
  std::string_view Field(int i) const {
    return {fields_[i].data, static_cast<size_t>(fields_[i].size)};
  }
  int64_t bytes() const { return bytes_; }

 private:
  struct FieldRef {
    const char* data;
    int32_t size;  // -1 for NULL
  };
  static constexpr size_t kNeedMore = 0;

  size_t ParseHeader();
  size_t ParseTuple();
  void Refill();
  void Finish();
  [[noreturn]] void Fail(const std::string& what) const;

  PgConnection& conn_;
  int expected_fields_;
  std::string context_;
  char* message_ = nullptr;  // the libpq buffer `data_` may point into
  std::string carry_;        // a tuple split across messages, reassembled
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool header_done_ = false;
  bool trailer_seen_ = false;
  bool done_ = false;
  std::vector<FieldRef> fields_;
  int64_t bytes_ = 0;
};

}  // namespace strata
