// PostgreSQL change data capture through logical replication (pgoutput), on
// a real server with wal_level=logical: the slot's exported snapshot and the
// stream meet exactly; inserts, updates, deletes, multi-row transactions and
// a row inserted and deleted in one transaction arrive in commit order with
// their commit times and increasing positions; a read stops at what was
// committed when it started, or at a commit time bound; a reopened stream
// sees nothing twice and misses nothing; each failure is one clear line.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <utility>

#include "core/error.h"
#include "error_of.h"
#include "postgres_server.h"
#include "source/postgres/pg_capture_names.h"
#include "source/postgres/pg_change_stream.h"
#include "source/postgres/postgres_source.h"

namespace strata::test {
namespace {

constexpr const char* kCdcUser = "strata_cdc";

// Records every value a source delivers, as "kind:value".
class RecordingSink : public ValueSink {
 public:
  void Null(int c) override { Put(c, "null"); }
  void Int(int c, int64_t v) override { Put(c, "int:" + std::to_string(v)); }
  void UInt(int c, uint64_t v) override { Put(c, "uint:" + std::to_string(v)); }
  void Double(int c, double v) override {
    Put(c, v != v ? "double:nan" : "double:" + std::to_string(v) + "/" + Bits(v));
  }
  void Text(int c, std::string_view v) override { Put(c, "text:" + std::string(v)); }
  void Blob(int c, std::string_view v) override { Put(c, "blob:" + std::string(v)); }
  bool TakeDate(int c, int32_t d) override { return Put(c, "date:" + std::to_string(d)), true; }
  bool TakeTimestamp(int c, int64_t t) override { return Put(c, "ts:" + std::to_string(t)), true; }
  bool TakeDecimal(int c, __int128 v, int scale) override {
    return Put(c, "dec:" + std::to_string(static_cast<int64_t>(v)) + "e-" + std::to_string(scale)),
           true;
  }

  std::vector<std::string> Take() { return std::exchange(row_, {}); }

 private:
  static std::string Bits(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return std::to_string(bits);
  }
  void Put(int c, std::string v) {
    if (static_cast<int>(row_.size()) != c) v = "out of order:" + v;
    row_.push_back(std::move(v));
  }
  std::vector<std::string> row_;
};

struct Seen {
  ChangeEvent event;
  std::vector<std::string> values;
};

// Reads `stream` to its stop.
std::vector<Seen> ReadAll(ChangeStream& stream) {
  std::vector<Seen> out;
  RecordingSink sink;
  ChangeEvent event;
  while (stream.Next(event, sink)) out.push_back({event, sink.Take()});
  return out;
}

int64_t Micros(PostgresServer::Session& s, const std::string& expr) {
  return std::stoll(*s.Query("SELECT (extract(epoch FROM " + expr + ") * 1000000)::bigint")[0][0]);
}

class PostgresCapture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ =
        new PostgresServer({"wal_level=logical", "max_replication_slots=8", "max_wal_senders=8"});
    server_->Exec(std::string("CREATE ROLE ") + kCdcUser + " LOGIN REPLICATION PASSWORD " +
                  "'cdc pass'; GRANT CREATE ON SCHEMA public TO " + kCdcUser +
                  "; GRANT CREATE ON DATABASE postgres TO " + kCdcUser);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static ConnectionConfig Config(const std::string& user = kCdcUser,
                                 const std::string& password = "cdc pass") {
    return {"pg",
            "postgres://" + user + "@127.0.0.1:" + std::to_string(server_->port()) + "/postgres",
            password, ""};
  }
  // A table owned by the capture role, REPLICA IDENTITY FULL.
  static void CreateTable(const std::string& name, const std::string& columns) {
    server_->Exec("CREATE TABLE " + name + " (" + columns + "); ALTER TABLE " + name +
                  " OWNER TO " + kCdcUser + "; ALTER TABLE " + name + " REPLICA IDENTITY FULL");
  }
  static std::unique_ptr<PgChangeStream> Stream(const std::string& table, const std::string& node) {
    PgCaptureNames names = MakePgCaptureNames("proj", node);
    return std::make_unique<PgChangeStream>(Config(),
                                            PgCaptureSpec{table, names.slot, names.publication});
  }

  static PostgresServer* server_;
};
PostgresServer* PostgresCapture::server_ = nullptr;

TEST(PgCaptureNames, DerivedFromProjectAndNode) {
  PgCaptureNames n = MakePgCaptureNames("Shop", "Orders_Sync");
  EXPECT_EQ(n.slot, "strata_shop_orders_sync");
  EXPECT_EQ(n.publication, "strata_shop_orders_sync");
  EXPECT_NE(ErrorOf([] { MakePgCaptureNames("a-b", "n"); }).find("a-b"), std::string::npos);
  EXPECT_NE(ErrorOf([] { MakePgCaptureNames("p", std::string(60, 'n')); }).find("63"),
            std::string::npos);
}

TEST_F(PostgresCapture, SnapshotThenEveryKindOfChangeInCommitOrder) {
  CreateTable("orders", "id int PRIMARY KEY, name text, amount numeric(10,2)");
  server_->Exec("INSERT INTO orders VALUES (1, 'a', 1.50), (2, 'b', 2.00), (3, 'c', NULL)");
  auto stream = Stream("orders", "orders");
  PgSlotSnapshot snap = stream->CreateSlot();
  auto s = server_->Connect();
  s->Exec("INSERT INTO orders VALUES (4, 'd', 4)");  // after the snapshot: in the stream
  {  // The snapshot reader, in the slot's snapshot, with two channels.
    PostgresSource source(Config(), snap.snapshot_name);
    ReadSpec spec;
    spec.table = "orders";
    RecordingSink sink;
    std::vector<std::string> ids;
    for (const Split& split : source.PlanSplits(spec, 2)) {
      auto reader = source.Open(spec, split);
      while (reader->Next(sink)) ids.push_back(sink.Take()[0]);
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"int:1", "int:2", "int:3"}));
  }

  std::vector<int64_t> starts, ends;
  auto txn = [&](const std::string& sql) {
    s->Exec("BEGIN");
    starts.push_back(Micros(*s, "now()"));
    s->Exec(sql + "; COMMIT");
    ends.push_back(Micros(*s, "clock_timestamp()"));
  };
  txn("UPDATE orders SET name = 'B', amount = 20.5 WHERE id = 2");
  txn("DELETE FROM orders WHERE id = 3");
  txn("INSERT INTO orders VALUES (5, 'e', 5), (6, NULL, 6)");
  txn("INSERT INTO orders VALUES (7, 'g', 7); DELETE FROM orders WHERE id = 7");

  stream->Start(snap.start, {});
  std::vector<Seen> seen = ReadAll(*stream);
  using V = std::vector<std::string>;
  const std::vector<std::pair<char, V>> expected = {
      // numeric's base-10000 digits carry no trailing zeros: 4.00 is 4, scale 0.
      {'I', V{"int:4", "text:d", "dec:4e-0"}}, {'U', V{"int:2", "text:B", "dec:205000e-4"}},
      {'D', V{"int:3", "text:c", "null"}},     {'I', V{"int:5", "text:e", "dec:5e-0"}},
      {'I', V{"int:6", "null", "dec:6e-0"}},   {'I', V{"int:7", "text:g", "dec:7e-0"}},
      {'D', V{"int:7", "text:g", "dec:7e-0"}},
  };
  ASSERT_EQ(seen.size(), expected.size());
  const int txn_of[] = {-1, 0, 1, 2, 2, 3, 3};  // -1: the insert before the reads above
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(static_cast<char>(seen[i].event.op), expected[i].first) << i;
    EXPECT_EQ(seen[i].values, expected[i].second) << i;
    EXPECT_FALSE(seen[i].event.key_only);
    EXPECT_EQ(seen[i].event.position.text, PgLsnText(seen[i].event.position.value));
    EXPECT_GT(seen[i].event.position, snap.start);
    if (i > 0) {
      bool same_txn = txn_of[i] == txn_of[i - 1];
      EXPECT_EQ(seen[i].event.position == seen[i - 1].event.position, same_txn) << i;
      EXPECT_GE(seen[i].event.position, seen[i - 1].event.position) << i;
    }
    if (txn_of[i] >= 0) {
      EXPECT_GE(seen[i].event.commit_micros, starts[txn_of[i]]) << i;
      EXPECT_LE(seen[i].event.commit_micros, ends[txn_of[i]]) << i;
    }
  }
  EXPECT_GT(stream->CompletedPosition(), seen.back().event.position);
  EXPECT_LE(stream->CompletedPosition(), stream->target());

  // Acknowledged: the server learns it; a new read from there sees only new rows.
  ChangePosition done = stream->CompletedPosition();
  stream->Acknowledge(done);
  server_->WaitUntil("SELECT confirmed_flush_lsn = '" + done.text +
                     "' FROM pg_replication_slots WHERE slot_name = 'strata_proj_orders'");
  stream.reset();
  s->Exec("INSERT INTO orders VALUES (8, 'h', 8)");
  auto again = Stream("orders", "orders");
  again->Start(done, {});
  s->Exec("INSERT INTO orders VALUES (9, 'i', 9)");  // committed after the read started
  std::vector<Seen> second = ReadAll(*again);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].values[0], "int:8");
  EXPECT_GT(second[0].event.position, done);
  ChangePosition done2 = again->CompletedPosition();
  again.reset();

  // A commit time bound leaves later transactions for the next read.
  int64_t bound = Micros(*s, "clock_timestamp()");
  s->Exec("INSERT INTO orders VALUES (10, 'j', 10)");
  auto bounded = Stream("orders", "orders");
  bounded->Start(done2, ChangeStop{bound});
  std::vector<Seen> third = ReadAll(*bounded);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].values[0], "int:9");
  EXPECT_LT(third[0].event.commit_micros, bound);
  ChangePosition done3 = bounded->CompletedPosition();
  bounded.reset();
  auto last = Stream("orders", "orders");
  last->Start(done3, {});
  std::vector<Seen> fourth = ReadAll(*last);
  ASSERT_EQ(fourth.size(), 1u);
  EXPECT_EQ(fourth[0].values[0], "int:10");
  EXPECT_GE(fourth[0].event.commit_micros, bound);
}

TEST_F(PostgresCapture, DeleteWithoutFullIdentityCarriesTheKeyOnly) {
  CreateTable("keyed", "id int PRIMARY KEY, v text");
  server_->Exec("ALTER TABLE keyed REPLICA IDENTITY DEFAULT; INSERT INTO keyed VALUES (1, 'x')");
  auto stream = Stream("keyed", "keyed");
  PgSlotSnapshot snap = stream->CreateSlot();
  server_->Exec("DELETE FROM keyed WHERE id = 1");
  stream->Start(snap.start, {});
  std::vector<Seen> seen = ReadAll(*stream);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event.op, ChangeOp::kDelete);
  EXPECT_TRUE(seen[0].event.key_only);
  EXPECT_EQ(seen[0].values, (std::vector<std::string>{"int:1", "null"}));
}

TEST_F(PostgresCapture, MissingSlotSaysANewSnapshotIsNeeded) {
  CreateTable("noslot", "id int PRIMARY KEY");
  auto stream = Stream("noslot", "noslot");
  std::string e = ErrorOf([&] { stream->Start(ChangePosition{0x1000000, "0/1000000"}, {}); });
  EXPECT_NE(e.find("replication slot strata_proj_noslot does not exist"), std::string::npos) << e;
  EXPECT_NE(e.find("needs a new snapshot"), std::string::npos) << e;
}

TEST_F(PostgresCapture, PositionBeforeTheSlotsConfirmedOneIsRefused) {
  CreateTable("moved", "id int PRIMARY KEY");
  auto stream = Stream("moved", "moved");
  PgSlotSnapshot snap = stream->CreateSlot();
  std::string e = ErrorOf([&] { stream->Start(ChangePosition{snap.start.value - 1, ""}, {}); });
  EXPECT_NE(e.find("past the stored position"), std::string::npos) << e;
}

TEST_F(PostgresCapture, MissingPrivilegesAndWrongPasswordAreOneLine) {
  CreateTable("priv", "id int PRIMARY KEY");
  PgCaptureSpec spec{"priv", "strata_proj_priv", "strata_proj_priv"};
  server_->Exec(
      "REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) FROM PUBLIC");
  std::string e = ErrorOf(
      [&] { PgChangeStream(Config(PostgresServer::kUser, PostgresServer::kPassword), spec); });
  server_->Exec("GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO PUBLIC");
  EXPECT_NE(e.find("role strata_reader has neither the REPLICATION attribute nor superuser; "
                   "ALTER ROLE strata_reader REPLICATION; role strata_reader may not execute "
                   "pg_logical_emit_message (each read flushes the log with it); GRANT EXECUTE "
                   "ON FUNCTION pg_logical_emit_message(boolean, text, text) TO strata_reader"),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find('\n'), std::string::npos);
  e = ErrorOf([&] { PgChangeStream(Config(kCdcUser, "wrong secret"), spec); });
  EXPECT_NE(e.find("cannot connect"), std::string::npos) << e;
  EXPECT_NE(e.find("password authentication failed"), std::string::npos) << e;
  EXPECT_EQ(e.find("wrong secret"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos);
  // Not the table's owner: the publication cannot be created.
  server_->Exec(
      "CREATE TABLE foreign_owned (id int PRIMARY KEY); GRANT SELECT ON foreign_owned TO " +
      std::string(kCdcUser));
  auto stream = Stream("foreign_owned", "foreign_owned");
  e = ErrorOf([&] { stream->CreateSlot(); });
  EXPECT_NE(e.find("creating publication strata_proj_foreign_owned for table "
                   "public.foreign_owned (needs the table's owner, with CREATE on the database): "
                   "ERROR: must be owner"),
            std::string::npos)
      << e;
}

TEST_F(PostgresCapture, TruncateAndChangedColumnsAreErrorsNamingTheTable) {
  CreateTable("trunc", "id int PRIMARY KEY");
  auto stream = Stream("trunc", "trunc");
  PgSlotSnapshot snap = stream->CreateSlot();
  server_->Exec("INSERT INTO trunc VALUES (1); TRUNCATE trunc");
  stream->Start(snap.start, {});
  std::string e = ErrorOf([&] { ReadAll(*stream); });
  EXPECT_NE(e.find("capturing changes of table public.trunc: the table was truncated"),
            std::string::npos)
      << e;

  CreateTable("altered", "id int PRIMARY KEY");
  auto altered = Stream("altered", "altered");
  snap = altered->CreateSlot();
  server_->Exec("ALTER TABLE altered ADD COLUMN extra text; INSERT INTO altered VALUES (1, 'x')");
  altered->Start(snap.start, {});
  e = ErrorOf([&] { ReadAll(*altered); });
  EXPECT_NE(e.find("table public.altered: the table's columns changed to (id integer, extra "
                   "text), were (id integer); a new snapshot is needed"),
            std::string::npos)
      << e;
}

// PostgreSQL does not resend a large (TOASTed) value an update left
// unchanged: the old row of REPLICA IDENTITY FULL supplies it; without it the
// read is an error that says what to set.
TEST_F(PostgresCapture, UnchangedLargeValuesComeFromTheOldRow) {
  CreateTable("toasted", "id int PRIMARY KEY, n int, big text");
  server_->Exec(
      "ALTER TABLE toasted ALTER COLUMN big SET STORAGE EXTERNAL;"
      "INSERT INTO toasted VALUES (1, 0, repeat('x', 5000))");
  auto stream = Stream("toasted", "toasted");
  PgSlotSnapshot snap = stream->CreateSlot();
  server_->Exec("UPDATE toasted SET n = 1");
  stream->Start(snap.start, {});
  std::vector<Seen> seen = ReadAll(*stream);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].values,
            (std::vector<std::string>{"int:1", "int:1", "text:" + std::string(5000, 'x')}));
  ChangePosition done = stream->CompletedPosition();
  stream.reset();

  server_->Exec("ALTER TABLE toasted REPLICA IDENTITY DEFAULT; UPDATE toasted SET n = 2");
  auto again = Stream("toasted", "toasted");
  again->Start(done, {});
  std::string e = ErrorOf([&] { ReadAll(*again); });
  EXPECT_NE(e.find("column 'big': the change log did not carry its unchanged (TOASTed) value; "
                   "set ALTER TABLE public.toasted REPLICA IDENTITY FULL"),
            std::string::npos)
      << e;
}

TEST_F(PostgresCapture, ServerGoneMidStreamIsAnError) {
  CreateTable("gone", "id int PRIMARY KEY, pad text");
  auto stream = Stream("gone", "gone");
  PgSlotSnapshot snap = stream->CreateSlot();
  // Far more than socket buffers hold, so the walsender is still sending
  // when it is terminated.
  server_->Exec("INSERT INTO gone SELECT g, repeat('x', 60) FROM generate_series(1, 200000) g");
  stream->Start(snap.start, {});
  server_->WaitUntil(
      "SELECT active_pid IS NOT NULL FROM pg_replication_slots WHERE slot_name = "
      "'strata_proj_gone'");
  server_->Exec(
      "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
      "WHERE slot_name = 'strata_proj_gone'");
  std::string e = ErrorOf([&] { ReadAll(*stream); });
  EXPECT_NE(e.find("connection 'pg' (postgres at 127.0.0.1:"), std::string::npos) << e;
  EXPECT_NE(e.find("capturing changes of table public.gone"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(PostgresCaptureSettings, WalLevelReplicaSaysWhatToSet) {
  PostgresServer plain;
  plain.Exec("CREATE TABLE t (id int PRIMARY KEY)");
  ConnectionConfig config{"pg", plain.Url(), PostgresServer::kPassword, ""};
  std::string e = ErrorOf([&] {
    PgChangeStream(config, PgCaptureSpec{"t", "strata_p_t", "strata_p_t"});
  });
  EXPECT_NE(e.find("change data capture is not possible: wal_level is replica; set "
                   "wal_level=logical and restart the server"),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace strata::test
