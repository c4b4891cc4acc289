// strata verify against MariaDB: every type of the type matrix verifies
// equal after a sync; single-cell changes are found by key and repaired; a
// verify of an equal table reads a small fraction of what a sync reads.

#include <cstdlib>

#include "mysql_test_util.h"
#include "type_matrices.h"
#include "verify_scenario.h"

namespace strata::test {
namespace {

// The matrix's rows, and one more double: -0.0 and a subnormal.
const std::string kMatrixRows =
    std::string(kMysqlTypeMatrixRows) +
    "INSERT INTO types (id, f, d, dec65) VALUES (8, -0.0, -2.5e-310, 0.5);";

class VerifyMysql : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer();
    CreateUsers(*server_);
    server_->Exec(kMysqlTypeMatrixTable);
    MariadbSession s(server_->port(), "root", "", "app");
    s.Exec(kMatrixRows);
  }
  // ctest runs each test in a process of its own: only the tests that need
  // the large tables load them.
  static void LoadTable(const std::string& t, int64_t rows) {
    MariadbSession s(server_->port(), "root", "", "app");  // seq_1_to_N needs a database
    s.Exec("CREATE TABLE app." + t +
           " (id bigint PRIMARY KEY, d double, ts datetime(6), s varchar(40),"
           " n decimal(12,2));"
           "INSERT INTO app." +
           t +
           " SELECT seq, seq * 0.5, '2016-11-14 00:00:00' + INTERVAL seq SECOND,"
           " IF(seq % 1000 = 0, '', CONCAT('name', seq)), seq / 100 FROM seq_1_to_" +
           std::to_string(rows));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static MariadbServer* server_;
};
MariadbServer* VerifyMysql::server_ = nullptr;

TEST_F(VerifyMysql, EveryTypeOfTheMatrixVerifiesEqual) {
  MysqlProject p(*server_);
  p.Write(SyncNode("types", "table: types", "types_copy"));
  ProcessResult run = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  ProcessResult r = p.Run({"verify", "types", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "verified types_copy ds=20240101: 8 rows equal\n") << r.err;
  // Every type of the matrix has a record form: the server's checksum proved it.
  ProcessResult quick = p.Run({"verify", "types", "--date", "20240101", "--format", "json"});
  EXPECT_EQ(VerifyJsonOf(quick)["method"], "checksum table") << quick.out << quick.err;

  // One ulp, one microsecond and one bit later, each is a difference.
  MariadbSession s(server_->port(), "root", "", "app");
  s.Exec("UPDATE types SET d = " + NextUlp(0.1) + " WHERE id = 3");
  s.Exec("UPDATE types SET dtm6 = dtm6 + INTERVAL 1 MICROSECOND WHERE id = 3");
  s.Exec("UPDATE types SET b10 = b'0000000100' WHERE id = 3");
  s.Exec("UPDATE types SET f = 16777218 WHERE id = 5");
  ProcessResult d = p.Run({"verify", "types", "--date", "20240101", "--format", "json"});
  ASSERT_EQ(d.status, 1) << d.out << d.err;
  nlohmann::json j = VerifyJsonOf(d);
  ASSERT_EQ(j["differing_rows"], 2) << d.out;
  std::set<std::string> cells;
  for (const auto& row : j["rows"])
    for (const auto& c : row["cells"])
      cells.insert(row["key"]["id"].get<std::string>() + "." + c["column"].get<std::string>());
  EXPECT_EQ(cells, (std::set<std::string>{"3.d", "3.dtm6", "3.b10", "5.f"})) << d.out;
}

// Every type MariaDB's record form covers (mysql_record_format.h), at its
// edges and NULL, in a table with variable-length rows and four null bytes,
// and a table of fixed-length rows (whose null bits start after a reserved
// one): the server's CHECKSUM TABLE and the warehouse's sum agree, so verify
// needs nothing more. A changed cell makes them differ and the buckets find it.
TEST_F(VerifyMysql, TheServersChecksumProvesEveryCoveredTypeEqual) {
  MariadbSession s(server_->port(), "root", "", "app");
  s.Exec(
      "CREATE TABLE rec (id int PRIMARY KEY, ti tinyint, tiu tinyint unsigned, si smallint,"
      " mi mediumint unsigned, i int, biu bigint unsigned, bi bigint NOT NULL DEFAULT 0,"
      " b10 bit(10), b64 bit(64), y year, dt date, dtm datetime, dtm3 datetime(3),"
      " dtm6 datetime(6), ts timestamp(6) NULL, f float, d double, dec5 decimal(5,2) unsigned,"
      " dec18 decimal(18,4), dec38 decimal(38,10), dec65 decimal(65,30), c char(5),"
      " cu char(3) CHARACTER SET utf8mb4, vc varchar(20), vu varchar(20) CHARACTER SET utf8mb4,"
      " tx text, bin binary(4), vb varbinary(10), bl blob, j json) DEFAULT CHARSET=latin1;"
      "INSERT INTO rec VALUES (1, -128, 0, -32768, 0, -2147483648, 0, -9223372036854775808,"
      " b'0', 0, 1901, '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.001',"
      " '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01', -3.40282e38, -1.7976931348623157e308,"
      " 0, -99999999999999.9999, -9999999999999999999999999999.9999999999,"
      " -99999999999999999999999999999999999.999999999999999999999999999999,"
      " '', '', '', '', '', x'00000000', x'', x'', '[]'),"
      " (2, 127, 255, 32767, 16777215, 2147483647, 18446744073709551615, 9223372036854775807,"
      " b'1111111111', x'FFFFFFFFFFFFFFFF', 2155, '9999-12-31', '9999-12-31 23:59:59',"
      " '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999',"
      " 3.40282e38, 4.9e-324, 999.99, 99999999999999.9999, 0.0000000001,"
      " 0.000000000000000000000000000001, 'zzzzz', '😀é', 'é€ß ÿ', '😀🎉 ünïcødé 𝄞',"
      " 'line1\\nline2', x'FFFFFFFF', x'00FF00', x'0001020300FF', '{\"a\": [1, 2.5]}'),"
      " (3, 1, 1, 1, 1, 1, 1, 1, b'101', 5, 0, '2016-11-14', '2016-11-14 10:00:00',"
      " '2016-11-14 10:00:00.5', '2016-11-14 10:00:00.000001', '2024-01-01 00:00:00.5', 0.1, -0.5,"
      " 0.5, -0.0001, 1, -1, 'ab', 'a', 'ab ', 'x', 'tab\\there', x'01', x'00', x'00', '1');"
      "INSERT INTO rec (id) VALUES (4);"
      "INSERT INTO rec (id, i, d, dec18, vc, dtm6) SELECT 10 + seq, seq, seq * 0.25, seq / 7,"
      " CONCAT('v', seq), '2016-11-14' + INTERVAL seq SECOND FROM seq_1_to_3000;"
      "CREATE TABLE fx (id int PRIMARY KEY, a int, d date NOT NULL, n decimal(10,2));"
      "INSERT INTO fx SELECT seq, IF(seq % 3 = 0, NULL, seq), '2024-01-01' + INTERVAL seq DAY,"
      " IF(seq % 5 = 0, NULL, seq / 4) FROM seq_1_to_2000");
  MysqlProject p(*server_);
  p.Write(SyncNode("rec", "table: rec", "rec") + SyncNode("fx", "table: fx", "fx") +
          SyncNode("fx_part", "table: fx, where: \"id > 10\"", "fx_part"));
  ProcessResult run = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  auto verify = [&](const char* node, int status) {
    ProcessResult r = p.Run({"verify", node, "--date", "20240101", "--format", "json"});
    EXPECT_EQ(r.status, status) << node << r.out << r.err;
    return VerifyJsonOf(r);
  };
  for (const char* node : {"rec", "fx"}) {
    nlohmann::json j = verify(node, 0);
    EXPECT_EQ(j["method"], "checksum table") << node << j.dump();
    EXPECT_EQ(j["source_rows"], std::string(node) == "rec" ? 3004 : 2000) << j.dump();
  }
  // A where clause: the server's checksum would cover rows the node did not copy.
  nlohmann::json part = verify("fx_part", 0);
  EXPECT_EQ(part["method"], "buckets");
  EXPECT_EQ(part["method_note"], "the node reads part of the table");
  ProcessResult asked =
      p.Run({"verify", "rec", "--date", "20240101", "--format", "json", "--buckets"});
  EXPECT_EQ(asked.status, 0) << asked.out << asked.err;
  EXPECT_EQ(VerifyJsonOf(asked)["method"], "buckets") << asked.out;

  s.Exec("UPDATE rec SET vc = 'é€x' WHERE id = 3; UPDATE fx SET a = NULL WHERE id = 7");
  for (const char* node : {"rec", "fx"}) {
    nlohmann::json j = verify(node, 1);
    EXPECT_EQ(j["method"], "buckets") << j.dump();
    EXPECT_EQ(j["method_note"], "the server's table checksum differs") << j.dump();
    ASSERT_EQ(j["differing_rows"], 1) << j.dump();
    EXPECT_EQ(j["rows"][0]["cells"][0]["column"], std::string(node) == "rec" ? "vc" : "a");
  }
}

// A column narrowed at the source after the sync: the warehouse holds a
// value the server's record cannot (12345.67 in a decimal(4,2)), so its sum
// cannot be computed. That is no error of the verify: the buckets compare
// the canonical values and name the row.
TEST_F(VerifyMysql, AWarehouseValueTheServersRecordCannotHoldFallsBackToBuckets) {
  MariadbSession s(server_->port(), "root", "", "app");
  s.Exec(
      "CREATE TABLE narrowed (id int PRIMARY KEY, n decimal(8,2));"
      "INSERT INTO narrowed SELECT seq, seq / 4 FROM seq_1_to_50;"
      "UPDATE narrowed SET n = 12345.67 WHERE id = 7");
  MysqlProject p(*server_);
  p.Write(SyncNode("narrowed", "table: narrowed", "narrowed"));
  ASSERT_EQ(p.Run({"run", "--date", "20240101"}).status, 0);
  s.Exec("UPDATE narrowed SET n = 1.75 WHERE id = 7; ALTER TABLE narrowed MODIFY n decimal(4,2)");
  ProcessResult r = p.Run({"verify", "narrowed", "--date", "20240101", "--format", "json"});
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  nlohmann::json j = VerifyJsonOf(r);
  EXPECT_EQ(j["method"], "buckets") << j.dump();
  EXPECT_EQ(j["method_note"].get<std::string>().rfind("the table checksum failed: ", 0), 0u)
      << j.dump();
  ASSERT_EQ(j["differing_rows"], 1) << j.dump();
  EXPECT_EQ(j["rows"][0]["key"]["id"], "7") << j.dump();
  EXPECT_EQ(j["rows"][0]["cells"][0]["column"], "n") << j.dump();
}

TEST_F(VerifyMysql, DoublesOfEveryMagnitudeVerifyExactly) {
  MariadbSession s(server_->port(), "root", "", "app");
  s.Exec("CREATE TABLE dbl (id int PRIMARY KEY, d double); INSERT INTO dbl VALUES " +
         RandomDoubleRows(3000));
  MysqlProject p(*server_);
  p.Write(SyncNode("dbl", "table: dbl", "dbl"));
  ASSERT_EQ(p.Run({"run", "--date", "20240101"}).status, 0);
  ProcessResult r = p.Run({"verify", "dbl", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // The next double after a subnormal and after a large one: each a difference.
  s.Exec("UPDATE dbl SET d = " +
         NextUlp(std::strtod(s.Scalar("SELECT d FROM dbl WHERE id = 97").c_str(), nullptr)) +
         " WHERE id = 97");
  s.Exec("UPDATE dbl SET d = -d WHERE id = 1");  // -0.0 to 0.0 is no change
  ProcessResult d = p.Run({"verify", "dbl", "--date", "20240101"});
  EXPECT_EQ(d.status, 1) << d.out << d.err;
  EXPECT_NE(d.out.find("differs: 1 row "), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("changed id=97: d"), std::string::npos) << d.out;
}

TEST_F(VerifyMysql, CompositeKeysAreComparedByKeyHash) {
  MariadbSession s(server_->port(), "root", "", "app");
  s.Exec(
      "CREATE TABLE ck (a int, b varchar(10), v varchar(20), PRIMARY KEY (a, b));"
      "INSERT INTO ck SELECT seq, CONCAT('k', seq), CONCAT('v', seq) FROM seq_1_to_5000");
  MysqlProject p(*server_);
  p.Write(SyncNode("ck", "table: ck", "ck"));
  ASSERT_EQ(p.Run({"run", "--date", "20240101"}).status, 0);
  VerifyDialect d{[&](const std::string& sql) { s.Exec(sql); },
                  [&](std::vector<std::string> args) { return p.Run(std::move(args)); }, "", ""};
  ExpectCompositeKeyChangesFound(d, "ck");
}

TEST_F(VerifyMysql, KeysAtTheEdgesOfBigint) {
  MariadbSession s(server_->port(), "root", "", "app");
  // Keys spanning all of bigint (md5 buckets) and keys ending at its maximum (ranges).
  s.Exec(
      "CREATE TABLE wide (id bigint PRIMARY KEY, v int);"
      "INSERT INTO wide VALUES (-9223372036854775808, 1), (0, 2), (9223372036854775807, 3);"
      "CREATE TABLE top (id bigint PRIMARY KEY, v int);"
      "INSERT INTO top SELECT 9223372036854775807 - seq + 1, seq FROM seq_1_to_10000");
  MysqlProject p(*server_);
  p.Write(SyncNode("wide", "table: wide", "wide") + SyncNode("top", "table: top", "top"));
  ASSERT_EQ(p.Run({"run", "--date", "20240101"}).status, 0);
  EXPECT_EQ(p.Run({"verify", "wide", "--date", "20240101"}).status, 0);
  EXPECT_EQ(p.Run({"verify", "top", "--date", "20240101"}).status, 0);
  s.Exec(
      "UPDATE wide SET v = 4 WHERE id = 9223372036854775807;"
      "UPDATE top SET v = 0 WHERE id = 9223372036854775807");
  for (const char* node : {"wide", "top"}) {
    ProcessResult r = p.Run({"verify", node, "--date", "20240101"});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("changed id=9223372036854775807: v"), std::string::npos) << r.out;
  }
}

TEST_F(VerifyMysql, SingleCellChangesAreFoundByKeyAndRepaired) {
  LoadTable("big", VerifyRows());
  MysqlProject p(*server_);
  // Two channels: the sync and verify's top level read on two connections.
  p.Write(SyncNode("big", "table: big", "big", "    channels: 2\n"));
  ProcessResult run = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  ProcessResult equal = p.Run({"verify", "big", "--date", "20240101"});
  EXPECT_EQ(equal.status, 0) << equal.out << equal.err;
  MariadbSession s(server_->port(), "root", "", "app");
  VerifyDialect d{[&](const std::string& sql) { s.Exec(sql); },
                  [&](std::vector<std::string> args) { return p.Run(std::move(args)); },
                  "ts + INTERVAL 1 MICROSECOND", "CONCAT(s, ' ')"};
  ExpectChangesFoundAndRepaired(d, "big");
}

TEST_F(VerifyMysql, VerifyOfAnEqualTableReadsLittleFromTheServer) {
  LoadTable("eq", VerifyBytesRows());
  MysqlProject p(*server_);
  p.Write(SyncNode("eq", "table: eq", "eq"));
  auto sent = [&] {
    return std::atoll(server_->Query("SHOW GLOBAL STATUS LIKE 'Bytes_sent'")[0][1]->c_str());
  };
  int64_t t0 = sent();
  ProcessResult run = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  int64_t t1 = sent();
  ProcessResult r = p.Run({"verify", "eq", "--date", "20240101", "--format", "json"});
  int64_t t2 = sent();
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  nlohmann::json j = VerifyJsonOf(r);
  int64_t sync_bytes = t1 - t0, verify_bytes = t2 - t1;
  // Values the verify's answers carried, counted by strata, against the sync's.
  int64_t values = j["source_bytes"].get<int64_t>(), synced = SyncBytesRead(run.out);
  std::cout << "sync: server sent " << sync_bytes << " bytes (values " << synced
            << "); verify: server sent " << verify_bytes << " bytes (values " << values << ")\n";
  EXPECT_GT(synced, 0);
  EXPECT_LT(values * 100, synced);
  EXPECT_LT(verify_bytes * 100, sync_bytes);
}

// Rows the server's storage engine handed out so far (scans and index reads).
int64_t RowsRead(MariadbServer& server) {
  int64_t total = 0;
  for (const auto& row : server.Query("SHOW GLOBAL STATUS WHERE Variable_name IN "
                                      "('Handler_read_next', 'Handler_read_rnd_next')"))
    total += std::atoll(row[1]->c_str());
  return total;
}

// Once the server's checksum says the table differs, the buckets cut it into
// ranges at once, without their own whole-table sums first: the server
// reads the table twice (checksum, grouped ranges), not three times.
TEST_F(VerifyMysql, ATableTheChecksumFoundDifferentIsReadTwiceByTheServer) {
  int64_t n = VerifyRows();
  LoadTable("twice", n);
  MysqlProject p(*server_);
  p.Write(SyncNode("twice", "table: twice", "twice", "    channels: 2\n"));
  ProcessResult run = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  server_->Exec("UPDATE app.twice SET n = n + 1 WHERE id = " + std::to_string(n / 2));
  int64_t before = RowsRead(*server_);
  ProcessResult r = p.Run({"verify", "twice", "--date", "20240101", "--format", "json"});
  int64_t read = RowsRead(*server_) - before;
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  nlohmann::json j = VerifyJsonOf(r);
  EXPECT_EQ(j["differing_rows"], 1);
  EXPECT_EQ(j["source_rows"], n);
  EXPECT_EQ(j["method_note"], "the server's table checksum differs") << j.dump();
  EXPECT_GE(read, 2 * n);
  // Before, the top's sums read it once more, or its differing half (n / 2)
  // with two channels.
  EXPECT_LT(read, 2 * n + n / 10) << "the server read " << read << " rows of " << n;
}

TEST_F(VerifyMysql, MergeAndHistoryTablesVerifyAgainstTheCurrentSource) {
  MariadbSession s(server_->port(), "root", "", "app");
  s.Exec(
      "CREATE TABLE users (uid int PRIMARY KEY, uname varchar(20), deptno int);"
      "INSERT INTO users VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'cy', NULL)");
  MysqlProject p(*server_);
  auto node = [](const std::string& name, const std::string& target) {
    return "  - name: " + name +
           "\n    type: sync\n    source: { connection: my, table: users }\n    target: { " +
           target + " }\n";
  };
  p.Write(node("m", "table: dw_m, mode: merge, deletes: keys") +
          node("h", "table: dw_h, mode: history, deletes: keys"));
  ASSERT_EQ(p.Run({"run", "--date", "20240101"}).status, 0);
  ProcessResult m = p.Run({"verify", "m", "--date", "20240101"});
  EXPECT_EQ(m.status, 0) << m.out << m.err;
  EXPECT_EQ(m.out, "verified dw_m: 3 rows equal\n");
  ProcessResult h = p.Run({"verify", "h", "--date", "20240101"});
  EXPECT_EQ(h.status, 0) << h.out << h.err;
  EXPECT_EQ(h.out, "verified dw_h as of 20240101: 3 rows equal\n");

  s.Exec("UPDATE users SET deptno = 30 WHERE uid = 3; DELETE FROM users WHERE uid = 1");
  for (const char* n : {"m", "h"}) {
    ProcessResult d = p.Run({"verify", n, "--date", "20240101"});
    EXPECT_EQ(d.status, 1) << d.out << d.err;
    EXPECT_NE(d.out.find("differs: 2 rows"), std::string::npos) << d.out;
    EXPECT_NE(d.out.find("changed uid=3: deptno source '30' warehouse NULL"), std::string::npos)
        << d.out;
    EXPECT_NE(d.out.find("extra uid=1"), std::string::npos) << d.out;
  }
  ProcessResult repair = p.Run({"verify", "m", "--date", "20240101", "--repair"});
  EXPECT_EQ(repair.status, 2);
  EXPECT_NE(repair.err.find("rerun its node"), std::string::npos) << repair.err;

  ASSERT_EQ(p.Run({"run", "--date", "20240102"}).status, 0);
  EXPECT_EQ(p.Run({"verify", "m", "--date", "20240102"}).status, 0);
  EXPECT_EQ(p.Run({"verify", "h", "--date", "20240102"}).status, 0);
  ProcessResult old = p.Run({"verify", "h", "--date", "20240101"});
  EXPECT_EQ(old.status, 2);
  EXPECT_NE(old.err.find("history table 'dw_h' is at 20240102"), std::string::npos) << old.err;
}

TEST_F(VerifyMysql, AVerifySectionChecksEachRunAndFailsTheNodeOnADifference) {
  server_->Exec(
      "CREATE TABLE app.zd2 (id int PRIMARY KEY, d date);"
      "SET sql_mode = ''; INSERT INTO app.zd2 VALUES (1, '2016-11-14'), (2, '0000-00-00')");
  MysqlProject p(*server_);
  p.Write(SyncNode("types", "table: types", "types_v", "    verify: true\n") +
          SyncNode("zd2", "table: zd2", "zd2",
                   "    error_limit: { records: 5 }\n    verify: { limit: 5 }\n"));
  ProcessResult ok = p.Run({"run", "types", "--date", "20240101"});
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("verified types_v ds=20240101: 8 rows equal"), std::string::npos) << ok.out;
  // The zero date is a dirty record, so the partition lacks row 2: the node fails.
  ProcessResult bad = p.Run({"run", "zd2", "--date", "20240101"});
  EXPECT_NE(bad.status, 0) << bad.out << bad.err;
  std::string all = bad.out + bad.err;
  EXPECT_NE(all.find("missing id=2"), std::string::npos) << all;
  EXPECT_NE(all.find("differ in 1 rows after the sync"), std::string::npos) << all;

  p.Write(
      "  - name: m\n    type: sync\n    source: { connection: my, table: types }\n"
      "    target: { table: m, mode: merge }\n    verify: { repair: true }\n");
  ProcessResult yaml = p.Run({"check"});
  EXPECT_NE(yaml.status, 0);
  EXPECT_NE(yaml.err.find("'repair' rewrites partitions"), std::string::npos) << yaml.err;
}

TEST_F(VerifyMysql, ErrorsExitTwoWithAClearMessage) {
  MysqlProject p(*server_);
  p.Write(SyncNode("types", "table: types", "types_err") +
          "  - name: sql\n    type: sql\n    sql: \"select 1\"\n");
  ProcessResult unknown = p.Run({"verify", "nope", "--date", "20240101"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown node 'nope'"), std::string::npos) << unknown.err;
  ProcessResult never = p.Run({"verify", "types", "--date", "20240101"});
  EXPECT_EQ(never.status, 2);
  EXPECT_NE(never.err.find("types_err"), std::string::npos) << never.err;
  ASSERT_EQ(p.Run({"run", "types", "--date", "20240101"}).status, 0);
  ProcessResult other_date = p.Run({"verify", "types", "--date", "20240102"});
  EXPECT_EQ(other_date.status, 2);
  EXPECT_NE(other_date.err.find("has no partition ds=20240102"), std::string::npos)
      << other_date.err;
  ProcessResult bad_date = p.Run({"verify", "types", "--date", "2024-01-01"});
  EXPECT_EQ(bad_date.status, 2) << bad_date.err;
  ProcessResult sql_node = p.Run({"verify", "sql", "--date", "20240101"});
  EXPECT_EQ(sql_node.status, 2);
  EXPECT_NE(sql_node.err.find("SQL node"), std::string::npos) << sql_node.err;
}

}  // namespace
}  // namespace strata::test
