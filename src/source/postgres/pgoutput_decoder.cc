#include "source/postgres/pgoutput_decoder.h"

#include <charconv>
#include <cstdio>

#include "core/civil_time.h"
#include "core/error.h"
#include "source/postgres/pg_binary_decoder.h"

namespace strata {
namespace {

constexpr int64_t kPgEpochOffsetMicros = 10957 * kMicrosPerDay;

// Reads big-endian fields from a message, checking every length first.
class Reader {
 public:
  Reader(std::string_view bytes, const char* what) : bytes_(bytes), what_(what) {}

  uint8_t U8() { return static_cast<uint8_t>(*Take(1)); }
  char Char() { return *Take(1); }
  int16_t I16() { return PgInt16(Take(2)); }
  int32_t I32() { return PgInt32(Take(4)); }
  uint32_t U32() { return static_cast<uint32_t>(I32()); }
  int64_t I64() { return PgInt64(Take(8)); }
  uint64_t U64() { return static_cast<uint64_t>(I64()); }
  std::string_view Bytes(size_t n) { return {Take(n), n}; }
  // A NUL-terminated string.
  std::string_view CString() {
    size_t end = bytes_.find('\0', at_);
    if (end == std::string_view::npos) Fail("a string has no terminating NUL");
    std::string_view s = bytes_.substr(at_, end - at_);
    at_ = end + 1;
    return s;
  }
  std::string_view Rest() {
    std::string_view s = bytes_.substr(at_);
    at_ = bytes_.size();
    return s;
  }
  void ExpectEnd() {
    if (at_ != bytes_.size())
      Fail(std::to_string(bytes_.size() - at_) + " unexpected bytes after the message");
  }
  [[noreturn]] void Fail(const std::string& why) const {
    throw Error(std::string("malformed ") + what_ + " (" + std::to_string(bytes_.size()) +
                " bytes, at byte " + std::to_string(at_) + "): " + why);
  }

 private:
  const char* Take(size_t n) {
    if (bytes_.size() - at_ < n) Fail("truncated: " + std::to_string(n) + " more bytes expected");
    const char* p = bytes_.data() + at_;
    at_ += n;
    return p;
  }

  std::string_view bytes_;
  const char* what_;
  size_t at_ = 0;
};

PgTuple ReadTuple(Reader& r) {
  int16_t n = r.I16();
  if (n < 0) r.Fail("negative column count " + std::to_string(n));
  PgTuple tuple(static_cast<size_t>(n));
  for (PgTupleValue& v : tuple) {
    v.kind = r.Char();
    if (v.kind == 't' || v.kind == 'b') {
      int32_t len = r.I32();
      if (len < 0) r.Fail("negative value length " + std::to_string(len));
      v.bytes = r.Bytes(static_cast<size_t>(len));
    } else if (v.kind != 'n' && v.kind != 'u') {
      r.Fail(std::string("unknown tuple value kind '") + v.kind + "'");
    }
  }
  return tuple;
}

void ReadRelation(Reader& r, PgOutputMessage& m) {
  m.oid = r.U32();
  m.schema = r.CString();
  m.name = r.CString();
  m.replica_identity = r.Char();
  int16_t n = r.I16();
  if (n < 0) r.Fail("negative column count " + std::to_string(n));
  m.columns.resize(static_cast<size_t>(n));
  for (PgRelationColumn& c : m.columns) {
    c.key = (r.U8() & 1) != 0;
    c.name = r.CString();
    c.type_oid = r.U32();
    c.typmod = r.I32();
  }
}

void ReadOldTuple(Reader& r, PgOutputMessage& m) {
  m.old_kind = r.Char();
  if (m.old_kind != 'K' && m.old_kind != 'O')
    r.Fail(std::string("expected 'K' or 'O' before the old row, got '") + m.old_kind + "'");
  m.old_tuple = ReadTuple(r);
}

void ReadNewTuple(Reader& r, PgOutputMessage& m) {
  char tag = r.Char();
  if (tag != 'N') r.Fail(std::string("expected 'N' before the new row, got '") + tag + "'");
  m.new_tuple = ReadTuple(r);
}

void ReadUpdate(Reader& r, PgOutputMessage& m) {
  m.oid = r.U32();
  Reader peek = r;
  char tag = peek.Char();
  if (tag == 'K' || tag == 'O') ReadOldTuple(r, m);
  ReadNewTuple(r, m);
}

void ReadTruncate(Reader& r, PgOutputMessage& m) {
  int32_t n = r.I32();
  if (n < 0) r.Fail("negative relation count " + std::to_string(n));
  m.truncate_options = r.U8();
  for (int32_t i = 0; i < n; ++i) m.truncated.push_back(r.U32());
}

void ReadBody(Reader& r, PgOutputMessage& m) {
  switch (m.kind) {
    case 'B':
      m.lsn = r.U64();
      m.commit_time = r.I64();
      m.xid = r.U32();
      return;
    case 'C':
      r.U8();  // flags, unused
      m.lsn = r.U64();
      m.end_lsn = r.U64();
      m.commit_time = r.I64();
      return;
    case 'O':
      m.lsn = r.U64();
      m.name = r.CString();
      return;
    case 'R': return ReadRelation(r, m);
    case 'Y':
      m.oid = r.U32();
      m.schema = r.CString();
      m.name = r.CString();
      return;
    case 'I': m.oid = r.U32(); return ReadNewTuple(r, m);
    case 'U': return ReadUpdate(r, m);
    case 'D': m.oid = r.U32(); return ReadOldTuple(r, m);
    case 'T': return ReadTruncate(r, m);
    case 'M': {
      r.U8();  // flags: transactional or not
      m.lsn = r.U64();
      m.name = r.CString();
      auto len = static_cast<size_t>(r.U32());
      m.content = r.Bytes(len);
      return;
    }
    default: r.Fail(std::string("unknown pgoutput message kind '") + m.kind + "'");
  }
}

}  // namespace

std::string PgLsnText(uint64_t lsn) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%X/%X", static_cast<unsigned>(lsn >> 32),
                static_cast<unsigned>(lsn & 0xffffffffu));
  return buf;
}

std::optional<uint64_t> ParsePgLsn(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto part = [](std::string_view s) -> std::optional<uint64_t> {
    uint32_t v = 0;
    if (s.empty() || s.size() > 8) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
  };
  auto hi = part(text.substr(0, slash));
  auto lo = part(text.substr(slash + 1));
  if (!hi || !lo) return std::nullopt;
  return *hi << 32 | *lo;
}

int64_t PgEpochToUnixMicros(int64_t pg_micros) {
  return pg_micros + kPgEpochOffsetMicros;
}

PgReplicationFrame DecodeReplicationFrame(std::string_view bytes) {
  Reader r(bytes, "replication frame");
  PgReplicationFrame f;
  f.kind = r.Char();
  if (f.kind == 'w') {
    f.wal_start = r.U64();
    f.wal_end = r.U64();
    r.I64();  // the server's send time
    f.data = r.Rest();
  } else if (f.kind == 'k') {
    f.wal_end = r.U64();
    r.I64();  // the server's send time
    f.reply_requested = r.U8() != 0;
    r.ExpectEnd();
  } else {
    r.Fail(std::string("unknown replication frame kind '") + f.kind + "'");
  }
  return f;
}

std::string EncodeStandbyStatus(uint64_t written, uint64_t flushed, int64_t now_pg_micros) {
  std::string out = "r";
  auto put64 = [&](uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
  };
  put64(written);
  put64(flushed);
  put64(flushed);  // applied
  put64(static_cast<uint64_t>(now_pg_micros));
  out += '\0';  // no reply requested
  return out;
}

PgOutputMessage DecodePgOutput(std::string_view bytes) {
  Reader r(bytes, "pgoutput message");
  PgOutputMessage m;
  m.kind = r.Char();
  ReadBody(r, m);
  r.ExpectEnd();
  return m;
}

}  // namespace strata
