// PostgreSQL source: every type in docs/sources/postgres.md round-trips
// through `strata run` and `strata sql --format csv` exactly as the server
// itself renders it, and values beyond the warehouse become dirty records.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "csv.h"
#include "postgres_server.h"
#include "project_fixture.h"
#include "type_matrices.h"

namespace strata::test {
namespace {

const std::string kSchema = std::string(kPgTypeMatrix) + R"sql(
-- Values beyond the warehouse's types: dirty records.
INSERT INTO matrix (id, n_12_4) VALUES (10, 'NaN');
INSERT INTO matrix (id, d) VALUES (13, 'infinity'), (14, '-infinity'), (18, '0044-03-15 BC');
INSERT INTO matrix (id, ts) VALUES (15, 'infinity');
INSERT INTO matrix (id, tstz) VALUES (16, '-infinity');
INSERT INTO matrix (id, dm) VALUES (17, 'NaN');
)sql";

enum class Compare { kExact, kFloat };

struct ColumnCheck {
  std::string name;
  std::string server_expr;  // how the server renders the documented value
  std::string strata_expr;  // how the test reads it back from the warehouse
  Compare compare = Compare::kExact;
};

std::vector<ColumnCheck> Checks() {
  std::vector<ColumnCheck> out;
  auto text = [&](const std::string& c) { out.push_back({c, c + "::text", c}); };
  for (auto c : {"i2", "i4", "i8", "n_p", "n_12_4", "n_free", "n_wide"}) text(c);
  out.push_back({"f4", "f4::text", "f4", Compare::kFloat});
  out.push_back({"f8", "f8::text", "f8", Compare::kFloat});
  for (auto c : {"b", "t", "vc"}) text(c);
  out.push_back({"ch", "ch", "ch"});  // bpchar as the server returns it: padded
  out.push_back({"raw", "encode(raw, 'hex')", "lower(hex(raw))"});
  for (auto c : {"d", "ts"}) text(c);
  // timestamptz is a UTC instant: strata shows it in UTC with its offset.
  out.push_back({"tstz", "(tstz AT TIME ZONE 'UTC')::text || '+00'", "tstz"});
  for (auto c : {"tm", "tmtz", "iv", "u", "j", "jb"}) text(c);
  out.push_back({"ai", "array_to_json(ai)::text", "ai"});
  out.push_back({"ta", "array_to_json(ta)::text", "ta"});
  for (auto c : {"m", "ip", "net", "dm"}) text(c);
  return out;
}

bool SameFloat(const std::string& a, const std::string& b) {
  double x = std::strtod(a.c_str(), nullptr), y = std::strtod(b.c_str(), nullptr);
  return (std::isnan(x) && std::isnan(y)) || x == y;
}

constexpr const char* kNode =
    "  - name: types\n    type: sync\n    channels: 2\n"
    "    source: { connection: pg, table: matrix }\n"
    "    target: { table: matrix }\n    error_limit: { records: 100 }\n";

const std::set<std::string> kDirtyIds = {"10", "13", "14", "15", "16", "17"};

// One server with the matrix, synced once into one project; each test reads
// that result its own way.
class PostgresTypes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new PostgresServer();
    server_->Exec(kSchema);
    project_ = new ProjectFixture();
    WritePgProject(*project_, *server_, kNode);
    run_ = new ProcessResult(RunPg(*project_, {"run", "--date", "20240101"}));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete project_;
    delete server_;
    run_ = nullptr;
    project_ = nullptr;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(run_->status, 0) << run_->out << run_->err; }

  static PostgresServer* server_;
  static ProjectFixture* project_;
  static ProcessResult* run_;
};
PostgresServer* PostgresTypes::server_ = nullptr;
ProjectFixture* PostgresTypes::project_ = nullptr;
ProcessResult* PostgresTypes::run_ = nullptr;

TEST_F(PostgresTypes, NewTargetTableGetsTheDocumentedTypes) {
  const ProjectFixture& p = *project_;
  EXPECT_EQ(p.Csv("desc matrix"),
            "column,type,partition_key\nid,int,false\ni2,smallint,false\ni4,int,false\n"
            "i8,bigint,false\nn_p,\"decimal(38,30)\",false\nn_12_4,\"decimal(12,4)\",false\n"
            "n_free,string,false\nn_wide,string,false\nf4,float,false\nf8,double,false\n"
            "b,boolean,false\nt,string,false\nvc,string,false\nch,string,false\n"
            "raw,binary,false\nd,date,false\nts,datetime,false\ntstz,timestamp,false\n"
            "tm,string,false\ntmtz,string,false\niv,string,false\nu,string,false\n"
            "j,string,false\njb,string,false\nai,string,false\nta,string,false\n"
            "m,string,false\nip,string,false\nnet,string,false\ndm,\"decimal(10,2)\",false\n");
}

TEST_F(PostgresTypes, EveryValueRoundTripsAsTheServerRendersIt) {
  const ProjectFixture& p = *project_;

  std::vector<ColumnCheck> checks = Checks();
  std::string server_sql = "SELECT id::text";
  std::string strata_sql = "select cast(id as varchar) as id";
  for (const auto& c : checks) {
    server_sql += ", " + c.server_expr;
    strata_sql += ", coalesce(cast(" + c.strata_expr + " as varchar), '<NULL>') as " + c.name;
  }
  std::string dirty_list;
  for (const auto& id : kDirtyIds) dirty_list += (dirty_list.empty() ? "" : ",") + id;
  dirty_list += ",18";  // a BC date: PostgreSQL and DuckDB spell it differently (test below)
  SqlRows expected =
      server_->Query(server_sql + " FROM matrix WHERE id NOT IN (" + dirty_list + ") ORDER BY id");
  auto actual =
      ParseCsv(p.Csv(strata_sql + " from matrix where id not in (" + dirty_list + ") order by id"));
  ASSERT_EQ(actual.size(), expected.size() + 1);  // + the header
  ASSERT_EQ(expected.size(), 5u);
  for (size_t row = 0; row < expected.size(); ++row) {
    const auto& got = actual[row + 1];
    ASSERT_EQ(got.size(), checks.size() + 1);
    EXPECT_EQ(got[0], *expected[row][0]);
    for (size_t c = 0; c < checks.size(); ++c) {
      std::string want = expected[row][c + 1].value_or("<NULL>");
      const std::string& have = got[c + 1];
      bool same = checks[c].compare == Compare::kFloat && want != "<NULL>" ? SameFloat(want, have)
                                                                           : want == have;
      EXPECT_TRUE(same) << "id " << got[0] << " column " << checks[c].name << ": server '" << want
                        << "', strata '" << have << "'";
    }
  }
}

TEST_F(PostgresTypes, DocumentedRenderingsOfArraysNumericAndTime) {
  const ProjectFixture& p = *project_;
  EXPECT_EQ(p.Csv("select ai, ta, n_free, iv, tstz from matrix where id in (1, 2) order by id"),
            "ai,ta,n_free,iv,tstz\n"
            "\"[1,2,null]\",\"[\"\"x,y\"\",null,\"\"q\\\"\"uote\"\"]\",NaN,P-10M-3DT4H5M6.789S,"
            "1969-07-20 20:17:40.5+00\n"
            "\"[[1,2],[3,4]]\",[],Infinity,PT0S,2016-11-14 02:00:00.123456+00\n");
}

// A date before year 1 fits a Parquet DATE: it is stored exactly.
TEST_F(PostgresTypes, DatesBeforeYearOneAreStoredExactly) {
  EXPECT_EQ(project_->Csv("select d, year(d) as y from matrix where id = 18"),
            "d,y\n0044-03-15 (BC),-43\n");
}

// Other engines read a timestamptz column as an instant and a timestamp
// column as a wall-clock time: the Parquet schema says which is which.
TEST_F(PostgresTypes, ParquetMarksInstantsAsAdjustedToUtc) {
  const ProjectFixture& p = *project_;
  std::string file;
  for (const auto& e : std::filesystem::recursive_directory_iterator(p.dir() / "warehouse/matrix"))
    if (e.path().extension() == ".parquet") file = e.path().string();
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(
      p.Csv("select name, logical_type like '%isAdjustedToUTC=1%' as utc from parquet_schema('" +
            file + "') where name in ('ts', 'tstz') order by name"),
      "name,utc\nts,false\ntstz,true\n");
}

TEST_F(PostgresTypes, ValuesBeyondTheWarehouseAreDirtyRecordsWithReasons) {
  const ProjectFixture& p = *project_;
  const ProcessResult& r = *run_;
  EXPECT_NE(r.out.find("dirty records    : 6"), std::string::npos) << r.out;
  std::string log = ReadFile(p.dir() / "warehouse/_strata/dirty/types/20240101.jsonl");
  std::map<std::string, nlohmann::json> by_id;
  std::stringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    by_id[j["record"]["id"].get<std::string>()] = j;
  }
  std::set<std::string> ids;
  for (const auto& [id, _] : by_id) ids.insert(id);
  EXPECT_EQ(ids, kDirtyIds);
  auto expect = [&](const std::string& id, const std::string& column, const std::string& value) {
    const auto& j = by_id[id];
    EXPECT_EQ(j["column"], column) << j.dump();
    EXPECT_EQ(j["value"], value) << j.dump();
    EXPECT_FALSE(j["reason"].get<std::string>().empty()) << j.dump();
  };
  expect("10", "n_12_4", "NaN");
  expect("13", "d", "infinity");
  expect("14", "d", "-infinity");
  expect("15", "ts", "infinity");
  expect("16", "tstz", "-infinity");
  expect("17", "dm", "NaN");
  EXPECT_EQ(by_id["10"]["reason"], "not a decimal number for decimal(12,4)");
}

}  // namespace
}  // namespace strata::test
