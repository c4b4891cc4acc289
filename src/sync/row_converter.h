#pragma once
// RowConverter turns the values a SplitReader delivers into the target
// table's column types and writes them into a ChunkWriter row slot. A value
// that does not fit exactly (text that is no date, a number out of range,
// too many decimal places, a string longer than varchar(n)) marks the row
// dirty with the column, the value and the reason; the caller then logs the
// row and reuses the slot. One per stream; not thread-safe.

#include <string>
#include <vector>

#include "core/column_type.h"
#include "source/source.h"
#include "warehouse/ingest/chunk_writer.h"

namespace strata {

struct DirtyValue {
  std::string column;
  std::string value;
  std::string reason;
};

class RowConverter : public ValueSink {
 public:
  // `target_of[i]` is the target column that source column i fills.
  RowConverter(const Schema& target, std::vector<int> target_of);

  // Starts a row in slot `row` of `out`.
  void BeginRow(ChunkWriter* out, idx_t row);
  // The first bad value of the current row, if any.
  const std::optional<DirtyValue>& dirty() const { return dirty_; }

  void Null(int col) override;
  void Int(int col, int64_t v) override;
  void UInt(int col, uint64_t v) override;
  void Double(int col, double v) override;
  void Text(int col, std::string_view v) override;
  void Blob(int col, std::string_view v) override;
  // Stored directly when the target column has that type and the value is in
  // the range the text form accepts (years 1 to 9999, digits that fit).
  bool TakeDate(int col, int32_t days) override;
  bool TakeTimestamp(int col, int64_t micros) override;
  bool TakeDecimal(int col, __int128 unscaled, int scale) override;

 private:
  void Reject(int col, std::string value, std::string reason);
  void PutInteger(int col, __int128 v, std::string_view text);  // text: as delivered, or empty
  void PutText(int col, const ColumnType& type, std::string_view v);
  void PutDouble(int col, double v);

  const Schema* target_;
  std::vector<int> target_of_;
  // Target columns no source column fills (dropped at the source): NULL.
  std::vector<int> unfilled_;
  ChunkWriter* out_ = nullptr;
  idx_t row_ = 0;
  std::optional<DirtyValue> dirty_;
};

}  // namespace strata
