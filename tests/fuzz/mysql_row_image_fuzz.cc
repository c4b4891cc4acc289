// Fuzzes the MySQL/MariaDB binlog row-image decoder (ParseMysqlTableMap,
// MysqlRowImageReader, MysqlLoggedValue) with what a binlog carries: a
// table map's column types and metadata, then row data.
//
// Input layout: byte 0 picks the column count (1..8); then that many type
// bytes; then one byte giving the metadata's length and the metadata; the
// rest is row data. Each column's value kind (and latin1 or not) comes from
// its type byte, so signed, unsigned, text, latin1 and binary shapes all run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "source/mysql/mysql_row_image.h"

namespace {

class Sink : public strata::ValueSink {
 public:
  void Null(int) override {}
  void Int(int, int64_t v) override { sum_ += static_cast<uint64_t>(v); }
  void UInt(int, uint64_t v) override { sum_ += v; }
  void Double(int, double v) override { sum_ += v > 0; }
  void Text(int, std::string_view v) override { sum_ += v.size(); }
  void Blob(int, std::string_view v) override { sum_ += v.size(); }

 private:
  uint64_t sum_ = 0;
};

constexpr strata::MysqlValueKind kKinds[] = {
    strata::MysqlValueKind::kSigned, strata::MysqlValueKind::kUnsigned,
    strata::MysqlValueKind::kText,   strata::MysqlValueKind::kBinary,
    strata::MysqlValueKind::kDate,   strata::MysqlValueKind::kBit};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.empty()) return 0;
  size_t columns = static_cast<uint8_t>(in[0]) % 8 + 1;
  in.remove_prefix(1);
  if (in.size() < columns + 1) return 0;
  std::string_view types = in.substr(0, columns);
  size_t meta_size = static_cast<uint8_t>(in[columns]);
  in.remove_prefix(columns + 1);
  if (in.size() < meta_size) return 0;
  std::string_view metadata = in.substr(0, meta_size);
  std::string_view rows = in.substr(meta_size);
  try {
    auto cols = strata::ParseMysqlTableMap(types, metadata, "fuzz.t");
    for (size_t i = 0; i < cols.size(); ++i) {
      cols[i].kind = kKinds[static_cast<uint8_t>(types[i]) % 6];
      cols[i].labels = {"a", "b", "c"};
      cols[i].latin1 = (static_cast<uint8_t>(types[i]) / 6) & 1;
    }
    strata::MysqlRowImageReader reader(cols, rows, types[0] & 1, "fuzz.t");
    Sink sink;
    strata::MysqlLoggedRow before;  // an update's images come in pairs: compare as a key check does
    while (!reader.AtEnd()) {
      strata::MysqlLoggedRow row = reader.Read();
      for (size_t i = 0; i < row.size(); ++i) {
        row[i].Deliver(static_cast<int>(i), sink);
        row[i].Text();
        if (!row[i].SameAs(row[i])) __builtin_trap();  // every value equals itself, NaN too
        if (i < before.size()) (void)before[i].SameAs(row[i]);
      }
      before = std::move(row);
    }
  } catch (const strata::Error&) {
    // Malformed input is an error naming the table, never a crash.
  }
  return 0;
}
