#pragma once
// RecordingSink: a ValueSink that records each value a source delivers as
// "kind:value" (doubles by their bits), so two deliveries of the same row
// (a snapshot read and a change log, say) compare exactly. Used by one thread.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "source/source.h"

namespace strata::test {

// Records every value as "kind:value"; takes dates, timestamps and decimals
// decoded when `decoded`, else asks for their text.
class RecordingSink : public ValueSink {
 public:
  explicit RecordingSink(bool decoded = false) : decoded_(decoded) {}
  void Null(int) override { Put("null"); }
  void Int(int, int64_t v) override { Put("int:" + std::to_string(v)); }
  void UInt(int, uint64_t v) override { Put("uint:" + std::to_string(v)); }
  void Double(int, double v) override {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    Put("double:" + std::to_string(bits));
  }
  void Text(int, std::string_view v) override { Put("text:" + std::string(v)); }
  void Blob(int, std::string_view v) override { Put("blob:" + std::string(v)); }
  bool TakeDate(int, int32_t d) override {
    if (decoded_) Put("date:" + std::to_string(d));
    return decoded_;
  }
  bool TakeTimestamp(int, int64_t t) override {
    if (decoded_) Put("ts:" + std::to_string(t));
    return decoded_;
  }
  bool TakeDecimal(int, __int128 v, int scale) override {
    if (!decoded_) return false;
    std::string digits;
    bool negative = v < 0;
    unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
    do digits.insert(digits.begin(), static_cast<char>('0' + u % 10)), u /= 10;
    while (u);
    Put("dec:" + std::string(negative ? "-" : "") + digits + "e-" + std::to_string(scale));
    return true;
  }
  std::vector<std::string> Take() { return std::exchange(row_, {}); }

 private:
  void Put(std::string v) { row_.push_back(std::move(v)); }
  bool decoded_;
  std::vector<std::string> row_;
};

}  // namespace strata::test
