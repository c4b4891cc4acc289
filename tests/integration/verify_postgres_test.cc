// strata verify against PostgreSQL: every type of the type matrix verifies
// equal after a sync; single-cell changes are found by key and repaired; a
// verify of an equal table carries a small fraction of what a sync reads.

#include <set>

#include "postgres_server.h"
#include "project_fixture.h"
#include "type_matrices.h"
#include "verify_scenario.h"

namespace strata::test {
namespace {

// postgres_types_test.cc's matrix: its types, and its rows that fit the warehouse.
const std::string kMatrix = std::string(kPgTypeMatrix) + R"sql(
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
