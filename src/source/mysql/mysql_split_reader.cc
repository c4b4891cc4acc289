#include "source/mysql/mysql_split_reader.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/civil_time.h"
#include "core/error.h"

namespace strata {
namespace {

// '0000-00-00', '2016-00-10', '0000-00-00 00:00:00': a month or day of zero.
// BIT(n) arrives as ceil(n/8) big-endian bytes.
uint64_t DecodeBits(std::string_view v) {
  uint64_t out = 0;
  for (unsigned char c : v) out = out << 8 | c;
  return out;
}

std::string Hex(std::string_view v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "0x";
  for (unsigned char c : v) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

template <typename T>
bool ParseNumber(std::string_view v, T* out) {
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  return ec == std::errc() && p == v.data() + v.size();
}

}  // namespace

MysqlSplitReader::MysqlSplitReader(MysqlSnapshot::Lease lease, const std::string& sql,
                                   bool zero_date_as_null, std::string what)
    : lease_(std::move(lease)), what_(std::move(what)), zero_date_as_null_(zero_date_as_null) {
  MYSQL* m = lease_->conn().handle();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
    if (mysql_errno(m) >= 2000) lease_->MarkBroken();  // the connection itself failed
    throw Error(lease_->conn().ErrorText(what_ + ": '" + ShortSql(sql) + "' failed"));
  }
  res_ = mysql_use_result(m);
  if (!res_) Fail("no result");
  unsigned n = mysql_num_fields(res_);
  MYSQL_FIELD* fields = mysql_fetch_fields(res_);
  for (unsigned i = 0; i < n; ++i) {
    kinds_.push_back(MysqlFieldKind(fields[i]));
    names_.emplace_back(fields[i].name, fields[i].name_length);
  }
}

MysqlSplitReader::~MysqlSplitReader() {
  if (!res_) return;
  // Stopped before the end: do not read the rest, drop the connection.
  if (lease_) {
    lease_->MarkBroken();
    lease_->conn().Abort();
  }
  mysql_free_result(res_);
}

void MysqlSplitReader::Fail(const std::string& step) {
  std::string msg = lease_->conn().ErrorText(what_ + ": " + step);
  lease_->MarkBroken();
  if (res_) {
    lease_->conn().Abort();
    mysql_free_result(res_);
    res_ = nullptr;
  }
  lease_.reset();
  throw Error(msg);
}

bool MysqlSplitReader::Next(ValueSink& sink) {
  if (!res_) return false;
  row_ = mysql_fetch_row(res_);
  if (!row_) {
    if (mysql_errno(lease_->conn().handle()) != 0) Fail("the read stopped");
    mysql_free_result(res_);
    res_ = nullptr;
    lease_.reset();  // the connection goes back to the pool for the next split
    return false;
  }
  lengths_ = mysql_fetch_lengths(res_);
  for (unsigned i = 0; i < kinds_.size(); ++i) Deliver(i, sink);
  return true;
}

void MysqlSplitReader::Deliver(unsigned i, ValueSink& sink) {
  if (!row_[i]) return sink.Null(static_cast<int>(i));
  std::string_view v(row_[i], lengths_[i]);
  bytes_ += static_cast<int64_t>(v.size());
  int col = static_cast<int>(i);
  switch (kinds_[i]) {
    case MysqlValueKind::kSigned: {
      int64_t x = 0;
      if (ParseNumber(v, &x)) return sink.Int(col, x);
      return sink.Text(col, v);
    }
    case MysqlValueKind::kUnsigned: {
      uint64_t x = 0;
      if (ParseNumber(v, &x)) return sink.UInt(col, x);
      return sink.Text(col, v);
    }
    case MysqlValueKind::kBit: return sink.UInt(col, DecodeBits(v));
    case MysqlValueKind::kDouble: {
      double x = 0;
      if (ParseNumber(v, &x)) return sink.Double(col, x);
      return sink.Text(col, v);
    }
    case MysqlValueKind::kBinary: return sink.Blob(col, v);
    default: return DeliverText(i, v, sink);
  }
}

void MysqlSplitReader::DeliverText(unsigned i, std::string_view v, ValueSink& sink) {
  int col = static_cast<int>(i);
  if (kinds_[i] == MysqlValueKind::kDate && zero_date_as_null_ && IsZeroDate(v))
    return sink.Null(col);
  sink.Text(col, v);
}

std::string MysqlSplitReader::CurrentRowJson() {
  nlohmann::json row = nlohmann::json::object();
  for (unsigned i = 0; row_ && i < kinds_.size(); ++i) {
    const std::string& name = names_[i];
    if (!row_[i]) {
      row[name] = nullptr;
      continue;
    }
    std::string_view v(row_[i], lengths_[i]);
    if (kinds_[i] == MysqlValueKind::kBit)
      row[name] = std::to_string(DecodeBits(v));
    else if (kinds_[i] == MysqlValueKind::kBinary)
      row[name] = Hex(v);
    else
      row[name] = std::string(v);
  }
  return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace strata
