// MariaDB change data capture through the binary log, on a real server with
// binlog_format=ROW: inserts, updates (a new key as a delete and an insert), deletes,
// multi-row transactions and a row inserted and deleted in one transaction
// arrive in commit order with the commit's position; a read stops at what
// was committed when it started; a reopened stream sees nothing twice and
// misses nothing; the stream starts exactly at a snapshot's position; each
// failure (settings, privileges, password, purged binlog, DDL, TRUNCATE,
// server gone) is one clear line.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "core/error.h"
#include "mariadb_replication.h"
#include "mariadb_server.h"
#include "source/mysql/mysql_binlog_position.h"
#include "source/mysql/mysql_change_stream.h"
#include "source/mysql/mysql_source.h"

namespace strata::test {
namespace {

constexpr char kCdcPassword[] = "cdc-S3cret-pw";

// Records each row as "op v1 v2 …" with values as "kind:value".
class RecordingSink : public ValueSink {
 public:
  void Null(int) override { Put("null"); }
  void Int(int, int64_t v) override { Put("int:" + std::to_string(v)); }
  void UInt(int, uint64_t v) override { Put("uint:" + std::to_string(v)); }
  void Double(int, double v) override { Put("double:" + std::to_string(v)); }
  void Text(int, std::string_view v) override { Put("text:" + std::string(v)); }
  void Blob(int, std::string_view v) override { Put("blob:" + std::string(v)); }
  std::string Take() { return std::exchange(row_, {}); }

 private:
  void Put(const std::string& v) { row_ += (row_.empty() ? "" : " ") + v; }
  std::string row_;
};

struct Seen {
  ChangeEvent event;
  std::string row;  // "I int:1 text:a"
};

std::vector<Seen> ReadAll(MysqlChangeStream& stream) {
  std::vector<Seen> out;
  RecordingSink sink;
  ChangeEvent e;
  while (stream.Next(e, sink))
    out.push_back({e, std::string(1, static_cast<char>(e.op)) + " " + sink.Take()});
  return out;
}

std::vector<std::string> Rows(const std::vector<Seen>& seen) {
  std::vector<std::string> out;
  for (const Seen& s : seen) out.push_back(s.row);
  return out;
}

class MysqlCaptureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer(MariadbServer::Options{true, {"--binlog-format=ROW"}});
    server_->Exec(std::string("CREATE DATABASE app CHARACTER SET utf8mb4;"
                              "CREATE USER cdc@'%' IDENTIFIED BY '") +
                  kCdcPassword +
                  "'; GRANT SELECT ON app.* TO cdc@'%';"
                  "GRANT REPLICATION SLAVE, BINLOG MONITOR, RELOAD ON *.* TO cdc@'%';"
                  "CREATE USER noslave@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON app.* TO "
                  "noslave@'%';");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ConnectionConfig Config(const std::string& user = "cdc",
                                 const std::string& password = kCdcPassword) {
    return {"my", server_->Url(user, "app"), password, ""};
  }
  static ReadSpec Spec(const std::string& table) {
    ReadSpec spec;
    spec.table = table;
    return spec;
  }
  static MariadbServer* server_;
};
MariadbServer* MysqlCaptureTest::server_ = nullptr;

TEST_F(MysqlCaptureTest, ChangesArriveInCommitOrderWithTheirValues) {
  server_->Exec("CREATE TABLE app.t1 (id int PRIMARY KEY, v varchar(20), n bigint unsigned)");
  MysqlChangeStream first(Config(), Spec("t1"));
  ChangePosition from = first.LogEnd();
  server_->Exec(
      "START TRANSACTION; INSERT INTO app.t1 VALUES (1, 'a', 10), (2, 'b', NULL); COMMIT;"
      "UPDATE app.t1 SET v = 'a2' WHERE id = 1;"
      "CREATE TABLE app.t1_other (id int);"  // DDL of another table passes
      "DELETE FROM app.t1 WHERE id = 2;"
      "START TRANSACTION; INSERT INTO app.t1 VALUES (3, 'c', 18446744073709551615);"
      " DELETE FROM app.t1 WHERE id = 3; COMMIT;"
      "UPDATE app.t1 SET id = 10 WHERE id = 1;");
  first.Start(from, {});
  std::vector<Seen> seen = ReadAll(first);
  EXPECT_EQ(Rows(seen),
            (std::vector<std::string>{"I int:1 text:a uint:10", "I int:2 text:b null",
                                      "U int:1 text:a2 uint:10", "D int:2 text:b null",
                                      "I int:3 text:c uint:18446744073709551615",
                                      "D int:3 text:c uint:18446744073709551615",
                                      // A new key: the old row's delete, then the new row's insert.
                                      "D int:1 text:a2 uint:10", "I int:10 text:a2 uint:10"}));
  ASSERT_EQ(seen.size(), 8u);
  // One position per transaction, increasing from one to the next.
  EXPECT_EQ(seen[0].event.position, seen[1].event.position);
  EXPECT_EQ(seen[4].event.position, seen[5].event.position);
  EXPECT_LT(seen[1].event.position, seen[2].event.position);
  EXPECT_LT(seen[2].event.position, seen[3].event.position);
  EXPECT_LT(seen[5].event.position, seen[6].event.position);
  EXPECT_EQ(seen[6].event.position, seen[7].event.position);
  EXPECT_GT(seen[0].event.commit_micros, 0);
  EXPECT_EQ(seen[0].event.commit_micros % 1000000, 0);  // the binlog has whole seconds
  EXPECT_FALSE(seen[3].event.key_only);
  EXPECT_EQ(first.CompletedPosition(), first.target());
  EXPECT_EQ(first.CompletedPosition().text, seen[7].event.position.text);

  // Some columns, in the order asked; the current row as JSON for dirty-data records.
  ReadSpec some = Spec("t1");
  some.columns = {"n", "id"};
  MysqlChangeStream subset(Config(), some);
  subset.Start(from, {});
  RecordingSink sink;
  ChangeEvent e;
  ASSERT_TRUE(subset.Next(e, sink));
  EXPECT_EQ(sink.Take(), "uint:10 int:1");
  EXPECT_EQ(subset.CurrentRowJson(), R"({"id":"1","n":"10"})");

  // A reopened stream starts after the last whole transaction: nothing twice.
  server_->Exec("INSERT INTO app.t1 VALUES (4, 'd', 4)");
  MysqlChangeStream second(Config(), Spec("t1"));
  second.Start(first.CompletedPosition(), {});
  EXPECT_EQ(Rows(ReadAll(second)), (std::vector<std::string>{"I int:4 text:d uint:4"}));
  MysqlChangeStream third(Config(), Spec("t1"));
  third.Start(second.CompletedPosition(), {});
  EXPECT_TRUE(ReadAll(third).empty());
}

TEST_F(MysqlCaptureTest, ReadStopsAtWhatWasCommittedWhenItStarted) {
  server_->Exec("CREATE TABLE app.t2 (id int PRIMARY KEY); CREATE TABLE app.other (id int);");
  MysqlChangeStream stream(Config(), Spec("t2"));
  ChangePosition from = stream.LogEnd();
  server_->Exec("INSERT INTO app.t2 VALUES (1); INSERT INTO app.other VALUES (1)");
  stream.Start(from, {});
  // Committed after Start: left for the next read.
  server_->Exec("INSERT INTO app.t2 VALUES (2)");
  EXPECT_EQ(Rows(ReadAll(stream)), (std::vector<std::string>{"I int:1"}));
  EXPECT_EQ(stream.CompletedPosition(), stream.target());
  MysqlChangeStream next(Config(), Spec("t2"));
  next.Start(stream.CompletedPosition(), {});
  EXPECT_EQ(Rows(ReadAll(next)), (std::vector<std::string>{"I int:2"}));
}

TEST_F(MysqlCaptureTest, CommitTimeBoundLeavesLaterTransactions) {
  server_->Exec("CREATE TABLE app.t3 (id int PRIMARY KEY)");
  MysqlChangeStream probe(Config(), Spec("t3"));
  ChangePosition from = probe.LogEnd();
  server_->Exec("INSERT INTO app.t3 VALUES (1)");
  MysqlChangeStream stream(Config(), Spec("t3"));
  stream.Start(from, ChangeStop{0});  // everything committed after 1970: nothing delivered
  EXPECT_TRUE(ReadAll(stream).empty());
  EXPECT_EQ(stream.CompletedPosition(), from);
}

TEST_F(MysqlCaptureTest, StreamStartsExactlyAtTheSnapshotPosition) {
  server_->Exec(
      "CREATE TABLE app.t4 (id int PRIMARY KEY, v int);"
      "INSERT INTO app.t4 VALUES (1, 1), (2, 2)");
  MysqlSource source(Config());
  std::vector<Split> splits = source.PlanSplits(Spec("t4"), 2);
  ASSERT_TRUE(source.snapshot()->binlog_position());
  ChangePosition at = *source.snapshot()->binlog_position();
  server_->Exec("UPDATE app.t4 SET v = 20 WHERE id = 2; INSERT INTO app.t4 VALUES (3, 3)");
  int snapshot_rows = 0;
  RecordingSink sink;
  for (const Split& split : splits)
    for (auto reader = source.Open(Spec("t4"), split); reader->Next(sink); sink.Take())
      ++snapshot_rows;
  EXPECT_EQ(snapshot_rows, 2);
  MysqlChangeStream stream(Config(), Spec("t4"));
  stream.Start(at, {});
  EXPECT_EQ(Rows(ReadAll(stream)), (std::vector<std::string>{"U int:2 int:20", "I int:3 int:3"}));
}

// A file:offset position (as stored before GTIDs were kept) gains the GTID
// position; a position with one starts the dump by GTID exactly after it.
TEST_F(MysqlCaptureTest, PositionsCarryTheGtidAndAGtidStartResumesExactly) {
  server_->Exec("CREATE TABLE app.tgtid (id int PRIMARY KEY)");
  ChangePosition from = MysqlChangeStream(Config(), Spec("tgtid")).LogEnd();
  EXPECT_EQ(from.text.find("gtid"), std::string::npos) << from.text;
  server_->Exec("INSERT INTO app.tgtid VALUES (1); INSERT INTO app.tgtid VALUES (2)");
  // The server's log end and GTID position now, as a position's text.
  auto now = [] {
    SqlRows status = server_->Query("SHOW MASTER STATUS");
    return status.at(0).at(0).value() + ":" + status.at(0).at(1).value() +
           " gtid=" + server_->Scalar("SELECT @@gtid_binlog_pos") +
           " server=" + server_->Scalar("SELECT @@server_id");
  };
  std::string end = now();
  MysqlChangeStream first(Config(), Spec("tgtid"));
  first.Start(from, {});
  std::vector<Seen> seen = ReadAll(first);
  ASSERT_EQ(Rows(seen), (std::vector<std::string>{"I int:1", "I int:2"}));
  EXPECT_NE(seen[0].event.position.text.find(" gtid=0-1-"), std::string::npos);
  EXPECT_EQ(seen[1].event.position.text, end);
  EXPECT_EQ(first.CompletedPosition().text, end);

  server_->Exec("FLUSH BINARY LOGS; INSERT INTO app.tgtid VALUES (3)");
  // Without the server that wrote it, the position is started by GTID; with
  // it (this server) by file:offset: the same changes either way.
  MysqlBinlogPosition p = ParseMysqlPosition(seen[0].event.position.text);
  for (uint32_t server : {0u, p.server_id}) {
    MysqlChangeStream again(Config(), Spec("tgtid"));
    again.Start(MysqlChangePosition(p.file, p.offset, p.gtid, server), {});
    EXPECT_EQ(Rows(ReadAll(again)), (std::vector<std::string>{"I int:2", "I int:3"})) << server;
    EXPECT_EQ(again.CompletedPosition().text, now());
  }
}

TEST_F(MysqlCaptureTest, DdlAndTruncateStopTheReadNamingTheTable) {
  server_->Exec("CREATE TABLE app.t5 (id int PRIMARY KEY)");
  MysqlChangeStream stream(Config(), Spec("t5"));
  ChangePosition from = stream.LogEnd();
  server_->Exec("INSERT INTO app.t5 VALUES (1); ALTER TABLE app.t5 ADD COLUMN x int");
  stream.Start(from, {});
  RecordingSink sink;
  ChangeEvent e;
  EXPECT_TRUE(stream.Next(e, sink));
  try {
    stream.Next(e, sink);
    FAIL() << "no error";
  } catch (const Error& err) {
    std::string m = err.what();
    EXPECT_NE(m.find("app.t5"), std::string::npos) << m;
    EXPECT_NE(m.find("ALTER TABLE app.t5 ADD COLUMN x int"), std::string::npos) << m;
    EXPECT_NE(m.find("new snapshot"), std::string::npos) << m;
  }
  MysqlChangeStream again(Config(), Spec("t5"));
  ChangePosition before = again.LogEnd();
  server_->Exec("TRUNCATE TABLE app.t5");
  again.Start(before, {});
  try {
    ReadAll(again);
    FAIL() << "no error";
  } catch (const Error& err) {
    EXPECT_NE(std::string(err.what()).find("TRUNCATE of the table"), std::string::npos)
        << err.what();
  }
}

TEST_F(MysqlCaptureTest, ReadFollowsTheLogIntoTheNextFile) {
  server_->Exec("CREATE TABLE app.t9 (id int PRIMARY KEY)");
  MysqlChangeStream stream(Config(), Spec("t9"));
  ChangePosition from = stream.LogEnd();
  server_->Exec(
      "INSERT INTO app.t9 VALUES (1); FLUSH BINARY LOGS; INSERT INTO app.t9 VALUES (2);"
      "FLUSH BINARY LOGS");
  stream.Start(from, {});
  std::vector<Seen> seen = ReadAll(stream);
  EXPECT_EQ(Rows(seen), (std::vector<std::string>{"I int:1", "I int:2"}));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[0].event.position.text.substr(0, 13), seen[1].event.position.text.substr(0, 13));
  // The read ends in the newest file, past its header events.
  EXPECT_EQ(stream.CompletedPosition(), stream.target());
  EXPECT_NE(stream.CompletedPosition().text.substr(0, 13),
            seen[1].event.position.text.substr(0, 13));
}

TEST_F(MysqlCaptureTest, XaTransactionIsAnErrorNotASilentLoss) {
  server_->Exec("CREATE TABLE app.t10 (id int PRIMARY KEY); CREATE TABLE app.t10b (id int)");
  MysqlChangeStream stream(Config(), Spec("t10"));
  ChangePosition from = stream.LogEnd();
  server_->Exec(
      "XA START 'x1'; INSERT INTO app.t10 VALUES (1); XA END 'x1'; XA PREPARE 'x1';"
      "XA COMMIT 'x1'");
  stream.Start(from, {});
  try {
    ReadAll(stream);
    FAIL() << "no error";
  } catch (const Error& err) {
    EXPECT_NE(std::string(err.what()).find("XA transactions are not captured"), std::string::npos)
        << err.what();
  }
  // Another table's stream passes the XA groups and ends at the target.
  MysqlChangeStream other(Config(), Spec("t10b"));
  other.Start(from, {});
  EXPECT_TRUE(ReadAll(other).empty());
  EXPECT_EQ(other.CompletedPosition(), other.target());
}

TEST_F(MysqlCaptureTest, NonTransactionalChangesKeptByARollbackArrive) {
  server_->Exec(
      "CREATE TABLE app.t12 (id int PRIMARY KEY) ENGINE=MyISAM;"
      "CREATE TABLE app.t12i (id int PRIMARY KEY) ENGINE=InnoDB");
  MysqlChangeStream stream(Config(), Spec("t12"));
  ChangePosition from = stream.LogEnd();
  server_->Exec(
      "START TRANSACTION; INSERT INTO app.t12i VALUES (1); INSERT INTO app.t12 VALUES (1);"
      "ROLLBACK; INSERT INTO app.t12 VALUES (2)");
  stream.Start(from, {});
  EXPECT_EQ(Rows(ReadAll(stream)), (std::vector<std::string>{"I int:1", "I int:2"}));
}

TEST_F(MysqlCaptureTest, PurgedBinlogSaysANewSnapshotIsNeeded) {
  server_->Exec("CREATE TABLE app.t6 (id int PRIMARY KEY)");
  MysqlChangeStream stream(Config(), Spec("t6"));
  ChangePosition from = stream.LogEnd();
  LoseBinlog(*server_);
  try {
    stream.Start(from, {});
    FAIL() << "no error";
  } catch (const Error& err) {
    std::string m = err.what();
    EXPECT_NE(m.find("is no longer on the server (purged"), std::string::npos) << m;
    EXPECT_NE(m.find("a new snapshot is needed"), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}

TEST_F(MysqlCaptureTest, MissingPrivilegeAndWrongPasswordAreOneLine) {
  server_->Exec("CREATE TABLE IF NOT EXISTS app.t7 (id int PRIMARY KEY)");
  try {
    MysqlChangeStream stream(Config("noslave", "pw"), Spec("t7"));
    FAIL() << "no error";
  } catch (const Error& err) {
    std::string m = err.what();
    EXPECT_NE(m.find("lacks REPLICATION SLAVE; GRANT REPLICATION SLAVE ON *.* TO noslave@%"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("lacks BINLOG MONITOR"), std::string::npos) << m;
  }
  try {
    MysqlChangeStream stream(Config("cdc", "wrong-pw-xyz"), Spec("t7"));
    FAIL() << "no error";
  } catch (const Error& err) {
    std::string m = err.what();
    EXPECT_NE(m.find("Access denied"), std::string::npos) << m;
    EXPECT_EQ(m.find("wrong-pw-xyz"), std::string::npos) << m;
  }
}

TEST_F(MysqlCaptureTest, ServerGoneMidStreamIsAnError) {
  server_->Exec("CREATE TABLE app.t8 (id int PRIMARY KEY, pad longtext)");
  MysqlChangeStream stream(Config(), Spec("t8"));
  ChangePosition from = stream.LogEnd();
  // ~16 MB of log in 64 transactions: more than the socket buffers hold, so
  // the dump is still sending when the server goes.
  for (int i = 0; i < 64; ++i)
    server_->Exec("INSERT INTO app.t8 VALUES (" + std::to_string(i) + ", REPEAT('x', 262144))");
  stream.Start(from, {});
  RecordingSink sink;
  ChangeEvent e;
  ASSERT_TRUE(stream.Next(e, sink));
  server_->Stop();
  try {
    while (stream.Next(e, sink)) sink.Take();
    ADD_FAILURE() << "no error";
  } catch (const Error& err) {
    std::string m = err.what();
    EXPECT_NE(m.find("table app.t8"), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
  server_->Start();
}

// Throughput figure: STRATA_CDC_BENCH_ROWS rows (default 20000) inserted in
// transactions of 10000, then read through the log; prints rows per second.
TEST_F(MysqlCaptureTest, ManyRowsArriveAllAndInOrder) {
  const char* env = std::getenv("STRATA_CDC_BENCH_ROWS");
  int rows = env ? std::atoi(env) : 20000;
  server_->Exec(
      "CREATE TABLE app.t11 (id bigint PRIMARY KEY, d double, ts datetime(6),"
      " s varchar(40), n decimal(12,2))");
  MysqlChangeStream stream(Config(), Spec("t11"));
  ChangePosition from = stream.LogEnd();
  for (int lo = 1; lo <= rows; lo += 10000)
    server_->Exec(
        "INSERT INTO app.t11 SELECT seq, seq * 0.5, '2016-11-14' + INTERVAL seq SECOND,"
        " CONCAT('name', seq), seq / 100 FROM app.seq_" +
        std::to_string(lo) + "_to_" + std::to_string(std::min(rows, lo + 9999)));
  auto t0 = std::chrono::steady_clock::now();
  stream.Start(from, {});
  RecordingSink sink;
  ChangeEvent e;
  int seen = 0;
  bool in_order = true;
  while (stream.Next(e, sink)) {
    ++seen;
    in_order = in_order && sink.Take().rfind("int:" + std::to_string(seen) + " ", 0) == 0;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(seen, rows);
  EXPECT_TRUE(in_order);
  std::cout << "capture: " << rows << " rows through the binlog in " << seconds << " s ("
            << static_cast<int64_t>(rows / seconds) << " rows/s)\n";
}

TEST(MysqlCaptureSettings, StatementOrMixedBinlogFormatIsRefusedExactly) {
  MariadbServer server(MariadbServer::Options{true, {"--binlog-format=MIXED"}});
  server.Exec("CREATE DATABASE app; CREATE TABLE app.t (id int PRIMARY KEY)");
  ReadSpec spec;
  spec.table = "t";
  try {
    MysqlChangeStream stream({"my", server.Url("root", "app"), "", ""}, spec);
    FAIL() << "no error";
  } catch (const Error& err) {
    EXPECT_NE(std::string(err.what())
                  .find("change data capture is not possible: binlog_format is MIXED; set "
                        "binlog_format=ROW"),
              std::string::npos)
        << err.what();
  }
}

}  // namespace
}  // namespace strata::test
