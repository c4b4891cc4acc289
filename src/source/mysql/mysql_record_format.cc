#include "source/mysql/mysql_record_format.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#include "core/ascii_case.h"
#include "core/civil_time.h"
#include "source/mysql/mysql_capture_table.h"
#include "source/mysql/mysql_latin1.h"
#include "source/mysql/mysql_row_image.h"

namespace strata {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int kDigitsPerGroup = 9;

void LittleEndian(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

void BigEndian(std::string* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// The fraction of DATETIME2/TIMESTAMP2/TIME2: (fsp + 1) / 2 big-endian bytes
// holding the leading fsp digits, rounded to whole bytes' worth.
void Fraction(std::string* out, int64_t micros, int fsp) {
  if (fsp <= 0) return;
  if (fsp <= 2) return BigEndian(out, static_cast<uint64_t>(micros / 10000), 1);
  if (fsp <= 4) return BigEndian(out, static_cast<uint64_t>(micros / 100), 2);
  BigEndian(out, static_cast<uint64_t>(micros), 3);
}

bool AllDigits(std::string_view s) {
  return s.find_first_not_of("0123456789") == std::string_view::npos;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

bool Datetime2(std::string* out, int64_t micros, int fsp) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t in_day = micros - days * kMicrosPerDay;
  CivilTime t = CivilTime::FromDays(days);
  if (t.year < 0 || t.year > 9999) return false;
  int64_t seconds = in_day / 1'000'000;
  uint64_t ymd = static_cast<uint64_t>(t.year * 13 + t.month) << 5 | static_cast<uint64_t>(t.day);
  uint64_t hms = static_cast<uint64_t>(seconds / 3600) << 12 |
                 static_cast<uint64_t>(seconds / 60 % 60) << 6 |
                 static_cast<uint64_t>(seconds % 60);
  BigEndian(out, (ymd << 17 | hms) + 0x8000000000ULL, 5);
  Fraction(out, in_day % 1'000'000, fsp);
  return true;
}

bool Timestamp2(std::string* out, int64_t micros, int fsp) {
  int64_t seconds = FloorDiv(micros, 1'000'000);
  if (seconds < 0 || seconds > 0xFFFFFFFFLL) return false;
  BigEndian(out, static_cast<uint64_t>(seconds), 4);
  Fraction(out, micros - seconds * 1'000'000, fsp);
  return true;
}

// TIME(fsp) from its text ("-838:59:59.5"): 3 big-endian bytes of the
// signed hours/minutes/seconds plus 0x800000, then the fraction's bytes; a
// negative time with a fraction borrows one second and stores the
// fraction's complement (fsp 1..4), or is one 6-byte number (fsp 5, 6).
bool Time2(std::string* out, std::string_view text, int fsp) {
  bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  unsigned h = 0, m = 0, sec = 0;
  auto next = [&](unsigned* v, char stop) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *v);
    if (ec != std::errc() || (p < text.data() + text.size() && *p != stop)) return false;
    text.remove_prefix(static_cast<size_t>(p - text.data()) + (p < text.data() + text.size()));
    return true;
  };
  if (!next(&h, ':') || !next(&m, ':') || !next(&sec, '.') || m > 59 || sec > 59 || h > 838 ||
      text.size() > 6 || !AllDigits(text))
    return false;
  int64_t micros = 0;
  for (size_t i = 0; i < 6; ++i) micros = micros * 10 + (i < text.size() ? text[i] - '0' : 0);
  int64_t hms = static_cast<int64_t>(h) << 12 | m << 6 | sec;
  int64_t packed = (hms << 24 | micros) * (negative ? -1 : 1);
  if (fsp >= 5) {
    BigEndian(out, static_cast<uint64_t>(packed + (int64_t{0x800000} << 24)), 6);
    return true;
  }
  int64_t whole = negative ? -hms : hms;
  int bytes = (fsp + 1) / 2;
  int64_t units = fsp == 0 ? 0 : micros / (fsp <= 2 ? 10000 : 100);
  if (negative && units != 0) {
    whole -= 1;
    units = (int64_t{1} << (8 * bytes)) - units;
  }
  BigEndian(out, static_cast<uint64_t>(whole + 0x800000), 3);
  BigEndian(out, static_cast<uint64_t>(units), bytes);
  return true;
}

void Pad(std::string* out, size_t start, int to, char fill) {
  size_t have = out->size() - start;
  if (to > 0 && have < static_cast<size_t>(to)) out->append(static_cast<size_t>(to) - have, fill);
}

int IntegerBytes(const std::string& data_type) {
  if (data_type == "tinyint") return 1;
  if (data_type == "smallint") return 2;
  if (data_type == "mediumint") return 3;
  if (data_type == "int") return 4;
  if (data_type == "bigint") return 8;
  return 0;
}

std::optional<MysqlRecordForm> TextForm(const std::string& charset) {
  if (charset.empty() || charset == "binary") return MysqlRecordForm::kBytes;
  if (charset == "utf8mb4" || charset == "utf8mb3" || charset == "utf8")
    return MysqlRecordForm::kUtf8;
  // ASCII's bytes are latin1's.
  if (charset == "latin1" || charset == "ascii") return MysqlRecordForm::kLatin1;
  return std::nullopt;
}

// Binary DECIMAL(precision, scale) of a value's digits: groups of nine
// digits in four big-endian bytes each, the integer part's leftover digits
// leading and the fraction's trailing in fewer bytes; a negative value has
// every byte inverted; the first byte's top bit is flipped so bytes sort as
// values.
bool AppendDecimal(std::string* out, bool negative, std::string_view whole, std::string_view frac,
                   int precision, int scale) {
  constexpr int kMaxDigits = 65;
  int intg = precision - scale;
  while (!whole.empty() && whole.front() == '0') whole.remove_prefix(1);
  if (intg < 0 || scale < 0 || precision > kMaxDigits || whole.size() > static_cast<size_t>(intg) ||
      frac.size() > static_cast<size_t>(scale) || !AllDigits(whole) || !AllDigits(frac))
    return false;
  char digits[kMaxDigits];  // intg digits, then scale digits, zero-padded
  std::memset(digits, '0', sizeof digits);
  std::memcpy(digits + intg - whole.size(), whole.data(), whole.size());
  std::memcpy(digits + intg, frac.data(), frac.size());
  if (std::string_view(digits, static_cast<size_t>(precision)).find_first_not_of('0') ==
      std::string_view::npos)
    negative = false;  // -0 is 0
  size_t start = out->size();
  auto group = [&](int from, int n) {
    uint64_t v = 0;
    for (int k = 0; k < n; ++k) v = v * 10 + static_cast<uint64_t>(digits[from + k] - '0');
    BigEndian(out, v, MysqlDecimalGroupBytes(n));
  };
  int lead = intg % kDigitsPerGroup;
  group(0, lead);
  for (int at = lead; at < intg; at += kDigitsPerGroup) group(at, kDigitsPerGroup);
  for (int g = 0; g < scale / kDigitsPerGroup; ++g)
    group(intg + g * kDigitsPerGroup, kDigitsPerGroup);
  group(intg + scale / kDigitsPerGroup * kDigitsPerGroup, scale % kDigitsPerGroup);
  if (out->size() == start) return false;
  if (negative)
    for (size_t i = start; i < out->size(); ++i) (*out)[i] = static_cast<char>(~(*out)[i]);
  (*out)[start] = static_cast<char>((*out)[start] ^ 0x80);
  return true;
}

// A decimal given as its unscaled integer (12.50 at scale 2 is 1250).
bool AppendUnscaledDecimal(std::string* out, int64_t v, int precision, int scale) {
  char buf[24];
  uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  auto end = std::to_chars(buf, buf + sizeof buf, magnitude).ptr;
  std::string_view all(buf, static_cast<size_t>(end - buf));
  size_t cut =
      all.size() > static_cast<size_t>(scale) ? all.size() - static_cast<size_t>(scale) : 0;
  std::string frac(static_cast<size_t>(scale) - (all.size() - cut), '0');
  frac += all.substr(cut);
  return AppendDecimal(out, v < 0, all.substr(0, cut), frac, precision, scale);
}

// Text whose bytes are latin1's as they are: most text is ASCII.
bool AppendLatin1(std::string* out, std::string_view utf8) {
  bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char ch) { return (ch & 0x80) == 0; });
  if (ascii) {
    out->append(utf8);
    return true;
  }
  std::optional<std::string> bytes = MysqlUtf8ToLatin1(utf8);
  if (bytes) out->append(*bytes);
  return bytes.has_value();
}

}  // namespace

std::optional<MysqlRecordColumn> MysqlRecordColumnOf(const MysqlColumnFacts& c, std::string* why) {
  std::string t = AsciiLower(c.data_type);
  if (int bytes = IntegerBytes(t)) return MysqlRecordColumn{MysqlRecordForm::kLittleEndian, bytes};
  if (t == "bit") return MysqlRecordColumn{MysqlRecordForm::kBigEndian, (c.precision + 7) / 8};
  if (t == "year") return MysqlRecordColumn{MysqlRecordForm::kYear};
  if (t == "date") return MysqlRecordColumn{MysqlRecordForm::kDate};
  if (t == "datetime") return MysqlRecordColumn{MysqlRecordForm::kDatetime2, c.fsp};
  if (t == "timestamp") return MysqlRecordColumn{MysqlRecordForm::kTimestamp2, c.fsp};
  if (t == "float") return MysqlRecordColumn{MysqlRecordForm::kFloat};
  if (t == "double") return MysqlRecordColumn{MysqlRecordForm::kDouble};
  if (t == "decimal") return MysqlRecordColumn{MysqlRecordForm::kDecimal, c.precision, c.scale};
  if (t == "time") return MysqlRecordColumn{MysqlRecordForm::kTime2, c.fsp};
  if (t == "enum" || t == "set") {
    size_t labels = MysqlEnumLabels(c.column_type).size();
    if (t == "enum") return MysqlRecordColumn{MysqlRecordForm::kEnum, labels < 256 ? 1 : 2};
    int bytes = static_cast<int>((labels + 7) / 8);
    return MysqlRecordColumn{MysqlRecordForm::kSet, bytes > 4 ? 8 : bytes};
  }
  bool fixed = t == "char" || t == "binary";
  bool variable = t == "varchar" || t == "varbinary" || t.ends_with("text") || t.ends_with("blob");
  if (fixed || variable) {
    std::optional<MysqlRecordForm> form = TextForm(AsciiLower(c.charset));
    if (form) return MysqlRecordColumn{*form, fixed ? static_cast<int>(c.octet_length) : 0};
    *why = "character set " + c.charset;
    return std::nullopt;
  }
  *why = "type " + c.column_type;
  return std::nullopt;
}

bool AppendMysqlRecordInt(std::string* out, int64_t v, const MysqlRecordColumn& c) {
  auto u = static_cast<uint64_t>(v);
  if (c.a < 0 || c.a > 8) {  // no integer is wider; fractions take at most 6 digits
    bool sized = c.form == MysqlRecordForm::kLittleEndian ||
                 c.form == MysqlRecordForm::kBigEndian || c.form == MysqlRecordForm::kEnum ||
                 c.form == MysqlRecordForm::kSet || c.form == MysqlRecordForm::kDatetime2 ||
                 c.form == MysqlRecordForm::kTimestamp2;
    if (sized) return false;
  }
  switch (c.form) {
    case MysqlRecordForm::kLittleEndian:
    case MysqlRecordForm::kEnum:
    case MysqlRecordForm::kSet: LittleEndian(out, u, c.a); return true;
    case MysqlRecordForm::kBigEndian: BigEndian(out, u, c.a); return true;
    case MysqlRecordForm::kYear:
      out->push_back(static_cast<char>(v == 0 ? 0 : v - 1900));
      return true;
    case MysqlRecordForm::kDate: {
      CivilTime t = CivilTime::FromDays(v);
      LittleEndian(out, static_cast<uint64_t>(t.year * 512 + t.month * 32 + t.day), 3);
      return true;
    }
    case MysqlRecordForm::kDecimal: return AppendUnscaledDecimal(out, v, c.a, c.b);
    case MysqlRecordForm::kDatetime2: return Datetime2(out, v, c.a);
    case MysqlRecordForm::kTimestamp2: return Timestamp2(out, v, c.a);
    default: return false;
  }
}

bool AppendMysqlRecordDouble(std::string* out, double v, const MysqlRecordColumn& c) {
  if (c.form == MysqlRecordForm::kFloat) {
    LittleEndian(out, std::bit_cast<uint32_t>(static_cast<float>(v)), 4);
    return true;
  }
  if (c.form != MysqlRecordForm::kDouble) return false;
  LittleEndian(out, std::bit_cast<uint64_t>(v), 8);
  return true;
}

bool AppendMysqlRecordText(std::string* out, std::string_view v, const MysqlRecordColumn& c) {
  size_t start = out->size();
  switch (c.form) {
    case MysqlRecordForm::kDecimal: {
      bool negative = v.starts_with('-');
      if (negative) v.remove_prefix(1);
      size_t dot = v.find('.');
      return AppendDecimal(out, negative, v.substr(0, dot),
                           dot == std::string_view::npos ? "" : v.substr(dot + 1), c.a, c.b);
    }
    case MysqlRecordForm::kUtf8: out->append(v); break;
    case MysqlRecordForm::kLatin1:
      if (!AppendLatin1(out, v)) return false;
      break;
    case MysqlRecordForm::kBytes: out->append(v); break;
    case MysqlRecordForm::kTime2: return Time2(out, v, c.a);
    default: return false;
  }
  Pad(out, start, c.a, c.form == MysqlRecordForm::kBytes ? '\0' : ' ');
  return true;
}

std::optional<std::string> MysqlDecimalBinary(std::string_view text, int precision, int scale) {
  bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  std::string out;
  if (!AppendDecimal(&out, negative, whole, frac, precision, scale)) return std::nullopt;
  return out;
}

}  // namespace strata
