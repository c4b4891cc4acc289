#include "sync/row_converter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/civil_time.h"
#include "core/decimal_text.h"
#include "core/value_parsers.h"

namespace strata {
namespace {

// Inclusive bounds of an integer column type.
std::pair<__int128, __int128> IntegerRange(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt: return {INT8_MIN, INT8_MAX};
    case TypeId::kSmallInt: return {INT16_MIN, INT16_MAX};
    case TypeId::kInt: return {INT32_MIN, INT32_MAX};
    default: return {INT64_MIN, INT64_MAX};
  }
}

// 10^n for n in 0..38, the powers a decimal(38, s) needs; built once, as
// TakeDecimal uses them for every value it takes.
constexpr auto kPowersOf10 = [] {
  std::array<__int128, 39> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

__int128 Pow10(int n) {
  return kPowersOf10[static_cast<size_t>(n)];
}

}  // namespace

RowConverter::RowConverter(const Schema& target, std::vector<int> target_of)
    : target_(&target), target_of_(std::move(target_of)) {
  for (int col = 0; col < static_cast<int>(target.size()); ++col)
    if (std::find(target_of_.begin(), target_of_.end(), col) == target_of_.end())
      unfilled_.push_back(col);
}

void RowConverter::BeginRow(ChunkWriter* out, idx_t row) {
  out_ = out;
  row_ = row;
  for (int col : unfilled_) out->SetNull(col, row);
  dirty_.reset();
}

void RowConverter::Reject(int col, std::string value, std::string reason) {
  if (!dirty_) dirty_ = DirtyValue{(*target_)[col].name, std::move(value), std::move(reason)};
}

void RowConverter::Null(int src) {
  out_->SetNull(target_of_[src], row_);
}

void RowConverter::PutInteger(int col, __int128 v, std::string_view text) {
  const ColumnType& t = (*target_)[col].type;
  // The value as text, rendered only when a rejection or a text column needs it.
  std::string rendered;
  auto shown = [&]() -> std::string {
    if (!text.empty()) return std::string(text);
    if (rendered.empty()) rendered = Int128Text(v);
    return rendered;
  };
  if (t.IsInteger()) {
    auto [lo, hi] = IntegerRange(t.id);
    if (v < lo || v > hi) return Reject(col, shown(), "out of range for " + t.ToMaxCompute());
    return out_->SetInt(col, row_, static_cast<int64_t>(v));
  }
  switch (t.id) {
    case TypeId::kDecimal:
      if (auto d = DecimalFromInteger(v, t.precision, t.scale))
        return out_->SetDecimal(col, row_, *d);
      return Reject(col, shown(), "out of range for " + t.ToMaxCompute());
    case TypeId::kDouble:
    case TypeId::kFloat: {
      double d = static_cast<double>(v);
      if (static_cast<__int128>(d) != v ||
          (t.id == TypeId::kFloat && static_cast<double>(static_cast<float>(d)) != d))
        return Reject(col, shown(), "cannot be represented exactly as " + t.ToMaxCompute());
      return out_->SetDouble(col, row_, d);
    }
    case TypeId::kBoolean:
      if (v != 0 && v != 1) return Reject(col, shown(), "not a boolean (0 or 1)");
      return out_->SetBool(col, row_, v == 1);
    default:
      if (t.IsText()) return PutText(col, t, shown());
      return Reject(col, shown(), "an integer cannot become " + t.ToMaxCompute());
  }
}

void RowConverter::Int(int src, int64_t v) {
  PutInteger(target_of_[src], v, {});
}

void RowConverter::UInt(int src, uint64_t v) {
  PutInteger(target_of_[src], v, {});
}

void RowConverter::Double(int src, double v) {
  PutDouble(target_of_[src], v);
}

void RowConverter::PutDouble(int col, double v) {
  const ColumnType& t = (*target_)[col].type;
  if (t.id == TypeId::kDouble) return out_->SetDouble(col, row_, v);
  // Rendered only where needed: it costs more than the rest of the value's trip.
  auto shown = [v] { return ShortestDouble(v); };
  if (t.id == TypeId::kFloat) {
    if (std::isfinite(v) && static_cast<double>(static_cast<float>(v)) != v)
      return Reject(col, shown(), "cannot be represented exactly as float");
    return out_->SetDouble(col, row_, v);
  }
  if (t.IsInteger()) {
    // Any finite double below 1e38 converts to __int128 exactly; PutInteger
    // then checks the column's range.
    if (!std::isfinite(v) || v != std::trunc(v) || std::fabs(v) >= 1e38)
      return Reject(col, shown(), "not an integer");
    return PutInteger(col, static_cast<__int128>(v), shown());
  }
  // Decimals and text take the shortest exact rendering, as a person reads it.
  // Decimals need it without an exponent: 100000.0 is "1e+05" at its shortest.
  if (t.id == TypeId::kDecimal) {
    std::string why;
    if (auto d = DecimalFromDouble(v, t.precision, t.scale, &why))
      return out_->SetDecimal(col, row_, *d);
    return Reject(col, shown(), why + " for " + t.ToMaxCompute());
  }
  if (t.IsText()) return PutText(col, t, shown());
  Reject(col, shown(), "a number cannot become " + t.ToMaxCompute());
}

void RowConverter::Text(int src, std::string_view v) {
  int col = target_of_[src];
  PutText(col, (*target_)[col].type, v);
}

void RowConverter::PutText(int col, const ColumnType& t, std::string_view v) {
  std::string why;
  auto reject = [&](std::string reason) { Reject(col, std::string(v), std::move(reason)); };
  switch (t.id) {
    case TypeId::kString:
    case TypeId::kVarchar:
    case TypeId::kChar: {
      auto len = Utf8Length(v);
      if (!len) return reject("not valid UTF-8");
      if (t.length > 0 && *len > static_cast<size_t>(t.length))
        return reject("longer than " + t.ToMaxCompute());
      return out_->SetString(col, row_, v);
    }
    case TypeId::kBinary: return out_->SetString(col, row_, v);
    case TypeId::kBoolean:
      if (auto b = ParseBool(v)) return out_->SetBool(col, row_, *b);
      return reject("not a boolean");
    case TypeId::kFloat:
    case TypeId::kDouble:
      if (auto d = ParseDouble(v)) return PutDouble(col, *d);
      return reject("not a number");
    case TypeId::kDecimal:
      if (auto d = ParseDecimal(v, t.precision, t.scale, &why))
        return out_->SetDecimal(col, row_, *d);
      return reject(why + " for " + t.ToMaxCompute());
    case TypeId::kDate:
      if (auto d = ParseDate(v, &why)) return out_->SetDate(col, row_, *d);
      return reject(why);
    case TypeId::kDatetime:
    case TypeId::kTimestamp:
      if (auto ts = ParseTimestamp(v, &why)) return out_->SetTimestamp(col, row_, *ts);
      return reject(why);
    default:
      if (auto i = ParseInt64(v)) return PutInteger(col, *i, v);
      return reject("not an integer");
  }
}

void RowConverter::Blob(int src, std::string_view v) {
  int col = target_of_[src];
  const ColumnType& t = (*target_)[col].type;
  if (t.id == TypeId::kBinary) return out_->SetString(col, row_, v);
  PutText(col, t, v);
}

// Any day a Parquet DATE (32-bit days) holds, before year 1 too: the sources
// that send decoded dates (PostgreSQL) give years from 4713 BC.
bool RowConverter::TakeDate(int src, int32_t days) {
  int col = target_of_[src];
  if ((*target_)[col].type.id != TypeId::kDate) return false;
  out_->SetDate(col, row_, days);
  return true;
}

bool RowConverter::TakeTimestamp(int src, int64_t micros) {
  int col = target_of_[src];
  TypeId id = (*target_)[col].type.id;
  if ((id != TypeId::kTimestamp && id != TypeId::kDatetime) ||
      micros < kFirstFourDigitDay * kMicrosPerDay || micros >= kEndFourDigitDay * kMicrosPerDay)
    return false;
  out_->SetTimestamp(col, row_, micros);
  return true;
}

bool RowConverter::TakeDecimal(int src, __int128 unscaled, int scale) {
  int col = target_of_[src];
  const ColumnType& t = (*target_)[col].type;
  if (t.id != TypeId::kDecimal || scale < 0 || scale > 38) return false;
  if (scale > t.scale) {  // only trailing zeros may go
    __int128 step = Pow10(scale - t.scale);
    if (unscaled % step != 0) return false;
    unscaled /= step;
  }
  __int128 limit = Pow10(t.precision);  // every value of the column is below it
  if (scale < t.scale) {
    __int128 step = Pow10(t.scale - scale);
    if (unscaled >= limit / step || unscaled <= -limit / step) return false;
    unscaled *= step;
  }
  if (unscaled >= limit || unscaled <= -limit) return false;
  out_->SetDecimal(col, row_, unscaled);
  return true;
}

}  // namespace strata
