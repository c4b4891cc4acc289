// strata verify against PostgreSQL: every type of the type matrix verifies
// equal after a sync; single-cell changes are found by key and repaired; a
// verify of an equal table carries a small fraction of what a sync reads.

#include <set>

#include "postgres_server.h"
#include "project_fixture.h"
#include "verify_scenario.h"

namespace strata::test {
namespace {

// postgres_types_test.cc's matrix: its types, and its rows that fit the warehouse.
constexpr const char* kMatrix = R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN money2 AS numeric(10,2);
CREATE TABLE matrix (
  id int PRIMARY KEY,
  i2 smallint, i4 integer, i8 bigint,
  n_p numeric(38,30), n_12_4 numeric(12,4), n_free numeric, n_wide numeric(50,10),
  f4 real, f8 double precision, b boolean,
  t text, vc varchar(20), ch char(5), raw bytea,
  d date, ts timestamp, tstz timestamptz, tm time, tmtz timetz, iv interval,
  u uuid, j json, jb jsonb, ai int[], ta text[], m mood, ip inet, net cidr, dm money2);
INSERT INTO matrix VALUES
 (1, -32768, -2147483648, -9223372036854775808,
  0.000000000000000000000000000001, -99999999.9999, 'NaN',
  1234567890123456789012345678901234567890.1234567890,
  'NaN', '-Infinity', false, 'emoji 😀 and 中文', '', 'ab', '\x00ff00',
  '0001-01-01', '1900-01-01 00:00:00.000001', '1969-07-20 20:17:40.5+00',
  '00:00:00', '23:59:59.999999-12', '-1 year +2 mons -3 days 04:05:06.789',
  '00000000-0000-0000-0000-000000000000', '{"a": [1, 2.50]}', '{"b": 1, "a": null}',
  '{1,2,NULL}', '{"x,y",NULL,"q\"uote"}', 'sad', '::1', '10.0.0.0/8', -12345678.90),
 (2, 32767, 2147483647, 9223372036854775807,
  -99999999.999999999999999999999999999999, 99999999.9999, 'Infinity', -0.0000000001,
  'Infinity', 'NaN', true, E'line1\nline2 "quoted", comma', 'Zoë', 'abcde', '\x',
  '9999-12-31', '9999-12-31 23:59:59.999999', '2016-11-14 10:00:00.123456+08',
  '24:00:00', '00:00:00+14', '0',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '[]', '[1, "two", {"3": 4.0}]',
  '{{1,2},{3,4}}', '{}', 'happy', '192.168.0.1/24', '2001:db8::/32', 99999999.99),
 (3, 0, 0, 0, 0, 0.0001, 123.4500, 0,
  3.4028235e38, 2.2250738585072014e-308, true, 'plain', 'x', 'a b', '\x414243',
  '1969-12-31', '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00+05:30',
  '12:34:56.789', '12:34:56+05:30', '1 day 00:00:00.000001',
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '"str"', '3.14',
  '{}', '{"",a}', 'ok', '2001:db8::1', '192.168.0.0/16', 0),
 (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, 1, -1, -1, -0.5, -0.5, -0.00000000000000000001,
  9999999999999999999999999999999999999999.9999999999,
  -1.17549435e-38, 1e300, false, '', ' ', '', '\x00',
  '2000-02-29', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00',
  '23:59:59.999999', '00:00:00-00:30', 'P1Y2M3DT4H5M6S',
  'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', '{}',
  '{-2147483648,2147483647}', '{NULL}', 'sad', '0.0.0.0/0', '0.0.0.0/0', -0.01);
INSERT INTO matrix (id, f8, f4) VALUES (6, 4.9e-324, 1.4e-45), (7, -0.0, -2.5e-40);
)sql";

std::string Node(const std::string& name, const std::string& table, const std::string& target) {
  return "  - name: " + name + "\n    type: sync\n    source: { connection: pg, table: " + table +
         " }\n    target: { table: " + target + ", partition: \"ds=${bizdate}\" }\n";
}

class VerifyPostgres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new PostgresServer();
    server_->Exec(kMatrix);
  }
  // ctest runs each test in a process of its own: only the tests that need
  // the large tables load them.
  static void LoadTable(const std::string& t, int64_t rows) {
    server_->Exec("CREATE TABLE " + t +
                  " (id bigint PRIMARY KEY, d double precision, ts timestamp, s varchar(40),"
                  " n numeric(12,2));"
                  "INSERT INTO " +
                  t +
                  " SELECT g, g * 0.5, timestamp '2016-11-14' + g * interval '1 second',"
                  " CASE WHEN g % 1000 = 0 THEN '' ELSE 'name' || g END, g / 100.0"
                  " FROM generate_series(1, " +
                  std::to_string(rows) + ") g; ANALYZE " + t);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static PostgresServer* server_;
};
PostgresServer* VerifyPostgres::server_ = nullptr;

TEST_F(VerifyPostgres, EveryTypeOfTheMatrixVerifiesEqual) {
  ProjectFixture p;
  WritePgProject(p, *server_, Node("types", "matrix", "matrix"));
  ProcessResult run = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  ProcessResult r = RunPg(p, {"verify", "types", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "verified matrix ds=20240101: 7 rows equal\n") << r.err;

  // One ulp, one microsecond, a padded char and a jsonb key later.
  server_->Exec("UPDATE matrix SET f8 = " + NextUlp(2.2250738585072014e-308) + " WHERE id = 3");
  server_->Exec("UPDATE matrix SET tstz = tstz + interval '1 microsecond' WHERE id = 3");
  server_->Exec("UPDATE matrix SET ch = 'a b ' WHERE id = 3");  // char(5): the same padded value
  server_->Exec("UPDATE matrix SET jb = '{\"b\": 2, \"a\": null}' WHERE id = 1");
  ProcessResult d = RunPg(p, {"verify", "types", "--date", "20240101", "--format", "json"});
  ASSERT_EQ(d.status, 1) << d.out << d.err;
  nlohmann::json j = VerifyJsonOf(d);
  ASSERT_EQ(j["differing_rows"], 2) << d.out;
  std::set<std::string> cells;
  for (const auto& row : j["rows"])
    for (const auto& c : row["cells"])
      cells.insert(row["key"]["id"].get<std::string>() + "." + c["column"].get<std::string>());
  EXPECT_EQ(cells, (std::set<std::string>{"1.jb", "3.f8", "3.tstz"})) << d.out;
}

TEST_F(VerifyPostgres, DoublesOfEveryMagnitudeVerifyExactly) {
  server_->Exec("CREATE TABLE dbl (id int PRIMARY KEY, d float8); INSERT INTO dbl VALUES " +
                RandomDoubleRows(3000));
  ProjectFixture p;
  WritePgProject(p, *server_, Node("dbl", "dbl", "dbl"));
  ASSERT_EQ(RunPg(p, {"run", "--date", "20240101"}).status, 0);
  ProcessResult r = RunPg(p, {"verify", "dbl", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  server_->Exec(
      "UPDATE dbl SET d = " +
      NextUlp(std::strtod(server_->Scalar("SELECT d FROM dbl WHERE id = 97").c_str(), nullptr)) +
      " WHERE id = 97");
  server_->Exec("UPDATE dbl SET d = 'NaN' WHERE id = 98");
  ProcessResult d = RunPg(p, {"verify", "dbl", "--date", "20240101"});
  EXPECT_EQ(d.status, 1) << d.out << d.err;
  EXPECT_NE(d.out.find("differs: 2 rows "), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("changed id=97: d"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("changed id=98: d source 'NaN'"), std::string::npos) << d.out;
}

TEST_F(VerifyPostgres, CompositeKeysAreComparedByKeyHash) {
  server_->Exec(
      "CREATE TABLE ck (a int, b varchar(10), v varchar(20), PRIMARY KEY (a, b));"
      "INSERT INTO ck SELECT g, 'k' || g, 'v' || g FROM generate_series(1, 5000) g");
  ProjectFixture p;
  WritePgProject(p, *server_, Node("ck", "ck", "ck"));
  ASSERT_EQ(RunPg(p, {"run", "--date", "20240101"}).status, 0);
  VerifyDialect d{[&](const std::string& sql) { server_->Exec(sql); },
                  [&](std::vector<std::string> args) { return RunPg(p, args); }, "", ""};
  ExpectCompositeKeyChangesFound(d, "ck");
}

TEST_F(VerifyPostgres, SingleCellChangesAreFoundByKeyAndRepaired) {
  LoadTable("big", VerifyRows());
  ProjectFixture p;
  // Two channels: the sync and verify's top level read on two connections.
  WritePgProject(p, *server_, Node("big", "big", "big") + "    channels: 2\n");
  ProcessResult run = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  ProcessResult equal = RunPg(p, {"verify", "big", "--date", "20240101"});
  EXPECT_EQ(equal.status, 0) << equal.out << equal.err;
  VerifyDialect d{[&](const std::string& sql) { server_->Exec(sql); },
                  [&](std::vector<std::string> args) { return RunPg(p, args); },
                  "ts + interval '1 microsecond'", "s || ' '"};
  ExpectChangesFoundAndRepaired(d, "big");
}

TEST_F(VerifyPostgres, VerifyOfAnEqualTableCarriesLittleFromTheServer) {
  LoadTable("eq", VerifyBytesRows());
  ProjectFixture p;
  WritePgProject(p, *server_, Node("eq", "eq", "eq"));
  ProcessResult run = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  ProcessResult r = RunPg(p, {"verify", "eq", "--date", "20240101", "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  int64_t values = VerifyJsonOf(r)["source_bytes"].get<int64_t>(), synced = SyncBytesRead(run.out);
  std::cout << "sync read " << synced << " bytes of values; verify " << values << "\n";
  EXPECT_GT(synced, 0);
  EXPECT_LT(values * 100, synced);
}

}  // namespace
}  // namespace strata::test
