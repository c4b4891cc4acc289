// Fuzzes the PostgreSQL binary value decoder (PgDeliver, PgValueText) with
// the values a binary COPY stream carries.
//
// The first byte of the input picks the wire type, the rest is the value's
// bytes. The sink takes dates, timestamps and decimals as decoded for an odd
// first byte and asks for text otherwise, so both paths run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "source/postgres/pg_binary_decoder.h"

namespace {

class Sink : public strata::ValueSink {
 public:
  explicit Sink(bool take_decoded) : take_decoded_(take_decoded) {}
  void Null(int) override {}
  void Int(int, int64_t) override {}
  void UInt(int, uint64_t) override {}
  void Double(int, double) override {}
  void Text(int, std::string_view) override {}
  void Blob(int, std::string_view) override {}
  bool TakeDate(int, int32_t) override { return take_decoded_; }
  bool TakeTimestamp(int, int64_t) override { return take_decoded_; }
  bool TakeDecimal(int, __int128, int) override { return take_decoded_; }

 private:
  bool take_decoded_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr int kWires = static_cast<int>(strata::PgWire::kUuid) + 1;
  auto wire = static_cast<strata::PgWire>(data[0] % kWires);
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  Sink sink(data[0] & 1);
  std::string scratch;
  try {
    strata::PgDeliver(wire, bytes, 0, sink, scratch);
  } catch (const strata::Error&) {
  }
  try {
    strata::PgValueText(wire, bytes);
  } catch (const strata::Error&) {
  }
  return 0;
}
