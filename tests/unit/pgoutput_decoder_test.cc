// The pgoutput decoder reads every message kind strata handles from
// hand-built bytes, and malformed or truncated input is a clear error, never
// a read past the end.

#include "source/postgres/pgoutput_decoder.h"

#include <gtest/gtest.h>

#include <deque>

#include "core/error.h"

namespace strata {
namespace {

// Decoded messages view the bytes they came from: the test keeps them all.
std::string_view Held(std::string s) {
  static std::deque<std::string> held;
  return held.emplace_back(std::move(s));
}

// Builds big-endian protocol bytes.
class Bytes {
 public:
  Bytes& C(char c) { return s_ += c, *this; }
  Bytes& I16(int v) { return Put(static_cast<uint64_t>(v), 2); }
  Bytes& I32(int64_t v) { return Put(static_cast<uint64_t>(v), 4); }
  Bytes& I64(int64_t v) { return Put(static_cast<uint64_t>(v), 8); }
  Bytes& Str(const std::string& v) { return s_ += v, s_ += '\0', *this; }
  Bytes& Text(const std::string& v) {
    return C('t').I32(static_cast<int64_t>(v.size())), s_ += v, *this;
  }
  Bytes& Raw(std::string_view v) { return s_ += v, *this; }
  std::string_view str() const { return Held(s_); }

 private:
  Bytes& Put(uint64_t v, int n) {
    for (int shift = 8 * (n - 1); shift >= 0; shift -= 8)
      s_ += static_cast<char>((v >> shift) & 0xff);
    return *this;
  }
  std::string s_;
};

TEST(PgOutputDecoder, LsnTextRoundTrips) {
  EXPECT_EQ(PgLsnText(0x16B3748), "0/16B3748");
  EXPECT_EQ(PgLsnText(0x16B374D848ULL), "16/B374D848");
  EXPECT_EQ(ParsePgLsn("16/B374D848"), 0x16B374D848ULL);
  EXPECT_EQ(ParsePgLsn("0/0"), 0u);
  EXPECT_FALSE(ParsePgLsn("16B374D848"));
  EXPECT_FALSE(ParsePgLsn("/1"));
  EXPECT_FALSE(ParsePgLsn("1/123456789"));
  EXPECT_FALSE(ParsePgLsn("1/xyz"));
}

TEST(PgOutputDecoder, BeginAndCommit) {
  auto b = DecodePgOutput(Bytes().C('B').I64(0x1000).I64(5'000'000).I32(735).str());
  EXPECT_EQ(b.kind, 'B');
  EXPECT_EQ(b.lsn, 0x1000u);
  EXPECT_EQ(b.commit_time, 5'000'000);
  EXPECT_EQ(PgEpochToUnixMicros(b.commit_time), 946684805'000'000LL);
  EXPECT_EQ(b.xid, 735u);
  auto c = DecodePgOutput(Bytes().C('C').C(0).I64(0x1000).I64(0x1030).I64(5'000'000).str());
  EXPECT_EQ(c.kind, 'C');
  EXPECT_EQ(c.lsn, 0x1000u);
  EXPECT_EQ(c.end_lsn, 0x1030u);
}

TEST(PgOutputDecoder, RelationAndType) {
  auto r = DecodePgOutput(Bytes()
                              .C('R')
                              .I32(16384)
                              .Str("public")
                              .Str("orders")
                              .C('f')
                              .I16(2)
                              .C(1)
                              .Str("id")
                              .I32(23)
                              .I32(-1)
                              .C(0)
                              .Str("price")
                              .I32(1700)
                              .I32(655366)
                              .str());
  EXPECT_EQ(r.oid, 16384u);
  EXPECT_EQ(r.schema, "public");
  EXPECT_EQ(r.name, "orders");
  EXPECT_EQ(r.replica_identity, 'f');
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_TRUE(r.columns[0].key);
  EXPECT_EQ(r.columns[0].name, "id");
  EXPECT_EQ(r.columns[0].type_oid, 23u);
  EXPECT_FALSE(r.columns[1].key);
  EXPECT_EQ(r.columns[1].typmod, 655366);
  auto y = DecodePgOutput(Bytes().C('Y').I32(16390).Str("public").Str("mood").str());
  EXPECT_EQ(y.oid, 16390u);
  EXPECT_EQ(y.name, "mood");
}

TEST(PgOutputDecoder, InsertWithNullAndText) {
  auto m = DecodePgOutput(Bytes().C('I').I32(16384).C('N').I16(3).Text("42").C('n').Text("").str());
  EXPECT_EQ(m.kind, 'I');
  ASSERT_EQ(m.new_tuple.size(), 3u);
  EXPECT_EQ(m.new_tuple[0].kind, 't');
  EXPECT_EQ(m.new_tuple[0].bytes, "42");
  EXPECT_EQ(m.new_tuple[1].kind, 'n');
  EXPECT_EQ(m.new_tuple[2].kind, 't');
  EXPECT_EQ(m.new_tuple[2].bytes, "");
}

TEST(PgOutputDecoder, UpdateWithAndWithoutOldRow) {
  auto plain = DecodePgOutput(Bytes().C('U').I32(7).C('N').I16(2).Text("1").C('u').str());
  EXPECT_EQ(plain.old_kind, 0);
  EXPECT_EQ(plain.new_tuple[1].kind, 'u');
  auto full = DecodePgOutput(Bytes()
                                 .C('U')
                                 .I32(7)
                                 .C('O')
                                 .I16(2)
                                 .Text("1")
                                 .Text("old")
                                 .C('N')
                                 .I16(2)
                                 .Text("1")
                                 .Text("new")
                                 .str());
  EXPECT_EQ(full.old_kind, 'O');
  EXPECT_EQ(full.old_tuple[1].bytes, "old");
  EXPECT_EQ(full.new_tuple[1].bytes, "new");
  auto key = DecodePgOutput(
      Bytes().C('U').I32(7).C('K').I16(2).Text("1").C('n').C('N').I16(2).Text("2").Text("v").str());
  EXPECT_EQ(key.old_kind, 'K');
  EXPECT_EQ(key.new_tuple[0].bytes, "2");
}

TEST(PgOutputDecoder, DeleteTruncateOriginMessage) {
  auto d = DecodePgOutput(Bytes().C('D').I32(7).C('K').I16(2).Text("5").C('n').str());
  EXPECT_EQ(d.kind, 'D');
  EXPECT_EQ(d.old_kind, 'K');
  EXPECT_EQ(d.old_tuple[0].bytes, "5");
  auto t = DecodePgOutput(Bytes().C('T').I32(2).C(1).I32(7).I32(8).str());
  EXPECT_EQ(t.truncated, (std::vector<uint32_t>{7, 8}));
  EXPECT_EQ(t.truncate_options, 1);
  auto o = DecodePgOutput(Bytes().C('O').I64(0x99).Str("upstream").str());
  EXPECT_EQ(o.lsn, 0x99u);
  EXPECT_EQ(o.name, "upstream");
  auto msg = DecodePgOutput(Bytes().C('M').C(1).I64(0x5).Str("pfx").I32(3).Raw("abc").str());
  EXPECT_EQ(msg.name, "pfx");
  EXPECT_EQ(msg.content, "abc");
}

TEST(PgOutputDecoder, ReplicationFramesAndStatus) {
  std::string_view payload = Bytes().C('B').I64(1).I64(2).I32(3).str();
  auto w = DecodeReplicationFrame(Bytes().C('w').I64(0x10).I64(0x20).I64(0).Raw(payload).str());
  EXPECT_EQ(w.kind, 'w');
  EXPECT_EQ(w.wal_start, 0x10u);
  EXPECT_EQ(w.wal_end, 0x20u);
  EXPECT_EQ(w.data, payload);
  auto k = DecodeReplicationFrame(Bytes().C('k').I64(0x30).I64(0).C(1).str());
  EXPECT_EQ(k.kind, 'k');
  EXPECT_EQ(k.wal_end, 0x30u);
  EXPECT_TRUE(k.reply_requested);
  EXPECT_EQ(EncodeStandbyStatus(0x30, 0x20, 7),
            Bytes().C('r').I64(0x30).I64(0x20).I64(0x20).I64(7).C(0).str());
}

void ExpectMalformed(std::string_view bytes, const std::string& needle) {
  try {
    DecodePgOutput(bytes);
    FAIL() << "no error for " << needle;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(PgOutputDecoder, MalformedInputIsAClearError) {
  ExpectMalformed("", "truncated");
  ExpectMalformed("Z", "unknown pgoutput message kind 'Z'");
  ExpectMalformed(Bytes().C('B').I64(1).str(), "truncated");
  ExpectMalformed(Bytes().C('B').I64(1).I64(2).I32(3).C('x').str(), "unexpected bytes");
  ExpectMalformed(Bytes().C('R').I32(1).Str("public").str(), "no terminating NUL");
  ExpectMalformed(Bytes().C('I').I32(1).C('X').str(), "expected 'N'");
  ExpectMalformed(Bytes().C('I').I32(1).C('N').I16(-1).str(), "negative column count");
  ExpectMalformed(Bytes().C('I').I32(1).C('N').I16(1).C('t').I32(-5).str(),
                  "negative value length");
  ExpectMalformed(Bytes().C('I').I32(1).C('N').I16(1).C('t').I32(100).Raw("ab").str(), "truncated");
  ExpectMalformed(Bytes().C('I').I32(1).C('N').I16(1).C('q').str(), "unknown tuple value kind");
  ExpectMalformed(Bytes().C('D').I32(1).C('N').str(), "expected 'K' or 'O'");
  ExpectMalformed(Bytes().C('T').I32(3).C(0).I32(1).str(), "truncated");
  EXPECT_THROW(DecodeReplicationFrame("q"), Error);
  EXPECT_THROW(DecodeReplicationFrame(Bytes().C('k').I64(1).str()), Error);
  EXPECT_THROW(DecodeReplicationFrame(Bytes().C('k').I64(1).I64(1).C(0).C(0).str()), Error);
}

// Every prefix of a valid message is an error, never a crash.
TEST(PgOutputDecoder, EveryTruncationIsAnError) {
  std::string_view full = Bytes()
                              .C('U')
                              .I32(7)
                              .C('O')
                              .I16(2)
                              .Text("1")
                              .Text("old")
                              .C('N')
                              .I16(2)
                              .Text("1")
                              .Text("new")
                              .str();
  for (size_t n = 0; n < full.size(); ++n)
    EXPECT_THROW(DecodePgOutput(full.substr(0, n)), Error) << n;
  EXPECT_NO_THROW(DecodePgOutput(full));
}

}  // namespace
}  // namespace strata
