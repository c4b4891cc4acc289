// An update that changes a row's key arrives from both change streams as a
// delete of the old row then an insert of the new row, in the transaction's
// place with its position and time, so a merge by key removes the old key.
// On real servers: single-column and composite keys (one of two columns
// changed, and a statement moving many rows), mixed with other changes of
// the transaction; an update that keeps its key stays one update.
// PostgreSQL with the default identity (the delete is key_only), with FULL
// (the delete carries the whole old row), with REPLICA IDENTITY USING INDEX,
// and a FULL table without a key; MariaDB with an exact comparison (a case
// change in a case-insensitive collation is a key change), a table without
// a primary key, and a read of some columns (the key must be among them).

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "error_of.h"
#include "mariadb_server.h"
#include "postgres_server.h"
#include "recording_sink.h"
#include "source/mysql/mysql_change_stream.h"
#include "source/postgres/pg_change_stream.h"

namespace strata::test {
namespace {

struct Seen {
  ChangeEvent event;
  std::string row;   // "D int:1 null null"
  std::string json;  // CurrentRowJson() right after the event
};

std::vector<Seen> ReadAll(ChangeStream& stream) {
  std::vector<Seen> out;
  RecordingSink sink;
  ChangeEvent e;
  while (stream.Next(e, sink)) {
    std::string row(1, static_cast<char>(e.op));
    for (const std::string& v : sink.Take()) row += " " + v;
    out.push_back({e, row, stream.CurrentRowJson()});
  }
  return out;
}

std::vector<std::string> Rows(const std::vector<Seen>& seen) {
  std::vector<std::string> out;
  for (const Seen& s : seen) out.push_back(s.row);
  return out;
}

// Every event of one transaction: one position, one time.
void ExpectOneTransaction(const std::vector<Seen>& seen) {
  for (const Seen& s : seen) {
    EXPECT_EQ(s.event.position, seen[0].event.position) << s.row;
    EXPECT_EQ(s.event.position.text, seen[0].event.position.text) << s.row;
    EXPECT_EQ(s.event.commit_micros, seen[0].event.commit_micros) << s.row;
  }
}

// ---- PostgreSQL ----

class PostgresKeyUpdateCapture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new PostgresServer({"wal_level=logical"});
    server_->Exec(
        "CREATE ROLE strata_cdc LOGIN REPLICATION PASSWORD 'cdc';"
        "GRANT CREATE ON DATABASE postgres TO strata_cdc");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  // Creates `table` owned by the capture role with `identity` (DEFAULT, FULL,
  // USING INDEX …) and `rows`, opens its stream and its slot, runs
  // `changes` (one transaction) and reads them.
  static std::vector<Seen> Capture(const std::string& table, const std::string& columns,
                                   const std::string& identity, const std::string& rows,
                                   const std::string& changes) {
    server_->Exec("CREATE TABLE " + table + " (" + columns + "); ALTER TABLE " + table +
                  " OWNER TO strata_cdc; ALTER TABLE " + table + " REPLICA IDENTITY " + identity +
                  "; INSERT INTO " + table + " VALUES " + rows);
    ConnectionConfig config{
        "pg", "postgres://strata_cdc@127.0.0.1:" + std::to_string(server_->port()) + "/postgres",
        "cdc", ""};
    std::string name = "strata_key_" + table;
    PgChangeStream stream(config, PgCaptureSpec{table, name, name});
    PgSlotSnapshot snap = stream.CreateSlot();
    server_->Exec("BEGIN; " + changes + "; COMMIT");
    stream.Start(snap.start, {});
    std::vector<Seen> seen = ReadAll(stream);
    ExpectOneTransaction(seen);
    return seen;
  }
  static PostgresServer* server_;
};
PostgresServer* PostgresKeyUpdateCapture::server_ = nullptr;

constexpr const char* kPgColumns = "id int PRIMARY KEY, name text, n int";
constexpr const char* kPgRows = "(1, 'a', 10), (2, 'b', 20), (3, 'c', 30)";
constexpr const char* kPgChanges =
    "INSERT INTO {t} VALUES (4, 'd', 40); UPDATE {t} SET id = 10 WHERE id = 1;"
    "UPDATE {t} SET name = 'b2' WHERE id = 2; DELETE FROM {t} WHERE id = 3";

std::string For(std::string sql, const std::string& table) {
  for (size_t at; (at = sql.find("{t}")) != std::string::npos;) sql.replace(at, 3, table);
  return sql;
}

TEST_F(PostgresKeyUpdateCapture, DefaultIdentityDeletesTheOldKeyThenInsertsTheNewRow) {
  std::vector<Seen> seen = Capture("kd", kPgColumns, "DEFAULT", kPgRows, For(kPgChanges, "kd"));
  EXPECT_EQ(Rows(seen), (std::vector<std::string>{"I int:4 text:d int:40", "D int:1 null null",
                                                  "I int:10 text:a int:10",
                                                  "U int:2 text:b2 int:20", "D int:3 null null"}));
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_TRUE(seen[1].event.key_only);
  EXPECT_FALSE(seen[2].event.key_only);
  EXPECT_FALSE(seen[3].event.key_only);
  EXPECT_EQ(seen[1].json, R"({"id":"1","n":null,"name":null})");
  EXPECT_EQ(seen[2].json, R"({"id":"10","n":"10","name":"a"})");
}

TEST_F(PostgresKeyUpdateCapture, FullIdentityDeletesTheWholeOldRowOnlyWhenTheKeyChanged) {
  std::vector<Seen> seen = Capture("kf", kPgColumns, "FULL", kPgRows, For(kPgChanges, "kf"));
  EXPECT_EQ(Rows(seen),
            (std::vector<std::string>{"I int:4 text:d int:40", "D int:1 text:a int:10",
                                      "I int:10 text:a int:10", "U int:2 text:b2 int:20",
                                      "D int:3 text:c int:30"}));
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_FALSE(seen[1].event.key_only);
  EXPECT_EQ(seen[1].json, R"({"id":"1","n":"10","name":"a"})");
  EXPECT_EQ(seen[2].json, R"({"id":"10","n":"10","name":"a"})");
}

TEST_F(PostgresKeyUpdateCapture, CompositeKeyWithOneColumnChanged) {
  const char* columns = "a int, b text, v int, PRIMARY KEY (a, b)";
  const char* rows = "(1, 'x', 5), (1, 'z', 6), (2, 'x', 7)";
  const char* changes =
      "UPDATE {t} SET v = 50 WHERE a = 1 AND b = 'x'; UPDATE {t} SET b = 'y' WHERE a = 1 AND "
      "b = 'x'; DELETE FROM {t} WHERE a = 2; UPDATE {t} SET a = a + 100 WHERE b = 'z'";
  for (const char* identity : {"DEFAULT", "FULL"}) {
    SCOPED_TRACE(identity);
    std::string table = std::string("kc_") + (std::string(identity) == "FULL" ? "full" : "default");
    std::vector<Seen> seen = Capture(table, columns, identity, rows, For(changes, table));
    bool full = std::string(identity) == "FULL";
    EXPECT_EQ(
        Rows(seen),
        (std::vector<std::string>{
            "U int:1 text:x int:50", full ? "D int:1 text:x int:50" : "D int:1 text:x null",
            "I int:1 text:y int:50", full ? "D int:2 text:x int:7" : "D int:2 text:x null",
            full ? "D int:1 text:z int:6" : "D int:1 text:z null", "I int:101 text:z int:6"}));
    for (const Seen& s : seen)
      EXPECT_EQ(s.event.key_only, !full && s.event.op == ChangeOp::kDelete) << s.row;
  }
}

TEST_F(PostgresKeyUpdateCapture, ReplicaIdentityIndexIsTheKeyAndATableWithoutKeyKeepsUpdates) {
  // The identity index, not the primary key, is what the server logs and
  // what the stream compares: a new id alone is an update.
  std::vector<Seen> seen =
      Capture("ki", "id int PRIMARY KEY, code text NOT NULL CONSTRAINT ki_code UNIQUE, n int",
              "USING INDEX ki_code", "(1, 'p', 1), (2, 'q', 2)",
              "UPDATE ki SET id = 11 WHERE id = 1; UPDATE ki SET code = 'r' WHERE id = 2");
  EXPECT_EQ(Rows(seen), (std::vector<std::string>{"U int:11 text:p int:1", "D null text:q null",
                                                  "I int:2 text:r int:2"}));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[1].event.key_only);
  // FULL without a primary key: no key, so no key change.
  seen = Capture("kn", "id int, name text", "FULL", "(1, 'a'), (2, 'b')",
                 "UPDATE kn SET id = 5 WHERE id = 1; UPDATE kn SET name = 'c' WHERE id = 2");
  EXPECT_EQ(Rows(seen), (std::vector<std::string>{"U int:5 text:a", "U int:2 text:c"}));
}

// ---- MariaDB ----

class MysqlKeyUpdateCapture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer(MariadbServer::Options{true, {"--binlog-format=ROW"}});
    server_->Exec("CREATE DATABASE app CHARACTER SET utf8mb4");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ConnectionConfig Config() { return {"my", server_->Url("root", "app"), "", ""}; }
  static ReadSpec Spec(const std::string& table, std::vector<std::string> columns = {}) {
    ReadSpec spec;
    spec.table = table;
    spec.columns = std::move(columns);
    return spec;
  }
  // Creates app.`table` with `rows`, runs `changes` (one transaction) and
  // reads them through a stream of `spec`.
  static std::vector<Seen> Capture(const ReadSpec& spec, const std::string& columns,
                                   const std::string& rows, const std::string& changes) {
    server_->Exec("CREATE TABLE app." + spec.table + " (" + columns + "); INSERT INTO app." +
                  spec.table + " VALUES " + rows);
    MysqlChangeStream stream(Config(), spec);
    ChangePosition from = stream.LogEnd();
    server_->Exec("START TRANSACTION; " + changes + "; COMMIT");
    stream.Start(from, {});
    std::vector<Seen> seen = ReadAll(stream);
    ExpectOneTransaction(seen);
    return seen;
  }
  static MariadbServer* server_;
};
MariadbServer* MysqlKeyUpdateCapture::server_ = nullptr;

TEST_F(MysqlKeyUpdateCapture, KeyUpdateDeletesTheOldRowThenInsertsTheNewRow) {
  std::vector<Seen> seen =
      Capture(Spec("k1"), "id int PRIMARY KEY, name varchar(10), n int",
              "(1, 'a', 10), (2, 'b', 20), (3, 'c', 30)", For(kPgChanges, "app.k1"));
  EXPECT_EQ(Rows(seen),
            (std::vector<std::string>{"I int:4 text:d int:40", "D int:1 text:a int:10",
                                      "I int:10 text:a int:10", "U int:2 text:b2 int:20",
                                      "D int:3 text:c int:30"}));
  ASSERT_EQ(seen.size(), 5u);
  for (const Seen& s : seen) EXPECT_FALSE(s.event.key_only) << s.row;
  EXPECT_EQ(seen[1].json, R"({"id":"1","n":"10","name":"a"})");
  EXPECT_EQ(seen[2].json, R"({"id":"10","n":"10","name":"a"})");
}

TEST_F(MysqlKeyUpdateCapture, CompositeKeyComparedExactly) {
  // b's collation ignores case: 'X' = 'x' for the server, another key for a merge by bytes.
  std::vector<Seen> seen = Capture(
      Spec("k2"), "a int, b varchar(5) COLLATE utf8mb4_general_ci, v int, PRIMARY KEY (a, b)",
      "(1, 'x', 5), (1, 'z', 6), (2, 'z', 7), (3, 'w', 8)",
      "UPDATE app.k2 SET v = 50 WHERE a = 1 AND b = 'x';"
      "UPDATE app.k2 SET b = 'y' WHERE a = 1 AND b = 'x';"
      "UPDATE app.k2 SET a = a + 100 WHERE b = 'z' ORDER BY a;"
      "UPDATE app.k2 SET b = 'W' WHERE a = 3");
  EXPECT_EQ(Rows(seen),
            (std::vector<std::string>{
                "U int:1 text:x int:50", "D int:1 text:x int:50", "I int:1 text:y int:50",
                "D int:1 text:z int:6", "I int:101 text:z int:6", "D int:2 text:z int:7",
                "I int:102 text:z int:7", "D int:3 text:w int:8", "I int:3 text:W int:8"}));
}

TEST_F(MysqlKeyUpdateCapture, TableWithoutPrimaryKeyKeepsUpdates) {
  std::vector<Seen> seen = Capture(Spec("k3"), "id int, name varchar(10)", "(1, 'a'), (2, 'b')",
                                   "UPDATE app.k3 SET id = 5 WHERE id = 1;"
                                   "UPDATE app.k3 SET name = 'c' WHERE id = 2");
  EXPECT_EQ(Rows(seen), (std::vector<std::string>{"U int:5 text:a", "U int:2 text:c"}));
}

TEST_F(MysqlKeyUpdateCapture, SomeColumnsMustIncludeTheKey) {
  std::vector<Seen> seen =
      Capture(Spec("k4", {"b", "a"}), "a int, b int, n varchar(5), PRIMARY KEY (a, b)",
              "(1, 2, 'x')", "UPDATE app.k4 SET b = 3; UPDATE app.k4 SET n = 'y'");
  EXPECT_EQ(Rows(seen),
            (std::vector<std::string>{"D int:2 int:1", "I int:3 int:1", "U int:3 int:1"}));
  EXPECT_EQ(seen[0].json, R"({"a":"1","b":"2"})");
  std::string error = ErrorOf([] { MysqlChangeStream stream(Config(), Spec("k4", {"n", "a"})); });
  EXPECT_NE(error.find("app.k4"), std::string::npos) << error;
  EXPECT_NE(error.find("primary key column b"), std::string::npos) << error;
}

}  // namespace
}  // namespace strata::test
