// MySQL/MariaDB source, values: every column type with its edge values goes
// through `strata run` into Parquet and back out through `strata sql`, and
// must equal what the server itself returns for the same rows. Also: the
// warehouse types new tables get, query sources, zero dates.

#include <cstdlib>

#include "mysql_test_util.h"
#include "type_matrices.h"

namespace strata::test {
namespace {

// One column of the type matrix. `server` and `strata` are expressions over
// {c} that render the value the same way on both sides; `numeric` compares
// them as doubles (the two sides spell exponents differently).
struct TypeCase {
  const char* name;
  const char* ddl;
  const char* warehouse;  // what `desc` shows for the created table
  const char* server;
  const char* strata;
  bool numeric = false;
};

constexpr char kStamp[] = "DATE_FORMAT({c}, '%Y-%m-%d %H:%i:%s.%f')";
constexpr char kDuckStamp[] = "strftime({c}, '%Y-%m-%d %H:%M:%S.%f')";

const std::vector<TypeCase> kCases = {
    {"ti", "tinyint", "tinyint", "{c}", "{c}"},
    {"tiu", "tinyint unsigned", "smallint", "{c}", "{c}"},
    {"si", "smallint", "smallint", "{c}", "{c}"},
    {"siu", "smallint unsigned", "int", "{c}", "{c}"},
    {"mi", "mediumint", "int", "{c}", "{c}"},
    {"miu", "mediumint unsigned", "bigint", "{c}", "{c}"},
    {"i", "int", "int", "{c}", "{c}"},
    {"iu", "int unsigned", "bigint", "{c}", "{c}"},
    {"bi", "bigint", "bigint", "{c}", "{c}"},
    {"biu", "bigint unsigned", "decimal(20,0)", "{c}", "{c}"},
    {"b1", "bit(1)", "bigint", "{c} + 0", "{c}"},
    {"b10", "bit(10)", "bigint", "{c} + 0", "{c}"},
    {"b64", "bit(64)", "decimal(20,0)", "{c} + 0", "{c}"},
    {"bo", "bool", "tinyint", "{c}", "{c}"},
    {"f", "float", "float", "CAST({c} AS DOUBLE)", "CAST({c} AS DOUBLE)", true},
    {"d", "double", "double", "{c}", "{c}", true},
    {"dec65", "decimal(65,30)", "string", "{c}", "{c}"},
    {"dec38", "decimal(38,10)", "decimal(38,10)", "{c}", "{c}"},
    {"dec5", "decimal(5,2) unsigned", "decimal(5,2)", "{c}", "{c}"},
    {"dt", "date", "date", "{c}", "{c}"},
    {"dtm", "datetime", "datetime", kStamp, kDuckStamp},
    {"dtm6", "datetime(6)", "datetime", kStamp, kDuckStamp},
    {"ts", "timestamp(6) NULL", "timestamp", kStamp, kDuckStamp},
    {"tm", "time", "string", "{c}", "{c}"},
    {"tm6", "time(6)", "string", "{c}", "{c}"},
    {"y", "year", "int", "{c} + 0", "{c}"},
    {"c", "char(10)", "string", "{c}", "{c}"},
    {"vc", "varchar(100)", "string", "{c}", "{c}"},
    {"tx", "text", "string", "{c}", "{c}"},
    {"bin", "binary(4)", "binary", "HEX({c})", "hex({c})"},
    {"vb", "varbinary(10)", "binary", "HEX({c})", "hex({c})"},
    {"bl", "blob", "binary", "HEX({c})", "hex({c})"},
    {"e", "enum('a','b','c')", "string", "{c}", "{c}"},
    {"st", "set('x','y','z')", "string", "{c}", "{c}"},
    {"j", "json", "string", "{c}", "{c}"},
};

std::string Expr(const char* pattern, const std::string& column) {
  std::string out = pattern;
  for (size_t at; (at = out.find("{c}")) != std::string::npos;) out.replace(at, 3, column);
  return out;
}

class MysqlTypes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer();
    CreateUsers(*server_);
    std::string ddl = "CREATE TABLE app.types (id int PRIMARY KEY";
    for (const auto& c : kCases) ddl += std::string(", ") + c.name + " " + c.ddl;
    server_->Exec(ddl + ")");
    MariadbSession s(server_->port(), "root", "", "app");
    s.Exec(kMysqlTypeMatrixRows);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Compares every case column of `wh_table` with the server's `types` rows.
  static void ExpectSameValues(const MysqlProject& p, const std::string& wh_table,
                               const std::vector<TypeCase>& cases) {
    std::string server_sql = "SELECT id", strata_sql = "SELECT id";
    for (const auto& c : cases) {
      server_sql += ", IFNULL(" + Expr(c.server, c.name) + ", '<NULL>')";
      strata_sql += ", coalesce(CAST(" + Expr(c.strata, c.name) + " AS VARCHAR), '<NULL>')";
    }
    SqlRows want = server_->Query(server_sql + " FROM app.types ORDER BY id");
    auto got = p.Rows(strata_sql + " FROM " + wh_table + " ORDER BY id");
    ASSERT_EQ(got.size(), want.size());
    for (size_t r = 0; r < want.size(); ++r) {
      for (size_t i = 0; i < cases.size(); ++i) {
        std::string w = want[r][i + 1].value_or("?"), g = got[r][i + 1];
        SCOPED_TRACE("row id " + *want[r][0] + ", column " + cases[i].name);
        if (cases[i].numeric && w != "<NULL>" && g != "<NULL>")
          EXPECT_EQ(std::strtod(g.c_str(), nullptr), std::strtod(w.c_str(), nullptr))
              << "strata " << g << " server " << w;
        else
          EXPECT_EQ(g, w);
      }
    }
  }

  static MariadbServer* server_;
};
MariadbServer* MysqlTypes::server_ = nullptr;

TEST_F(MysqlTypes, EveryTypeRoundTripsExactly) {
  MysqlProject p(*server_);
  p.Write(SyncNode("types", "table: types", "types_copy"));
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::string want = "column,type,partition_key\nid,int,false\n";
  for (const auto& c : kCases) {
    std::string t = c.warehouse;
    want += std::string(c.name) + "," + (t.find(',') != std::string::npos ? "\"" + t + "\"" : t) +
            ",false\n";
  }
  EXPECT_EQ(p.fixture().Csv("desc types_copy"), want + "ds,string,true\n");
  ExpectSameValues(p, "types_copy", kCases);
  // Spot checks that the comparison above compares what it should.
  EXPECT_EQ(p.Scalar("select biu from types_copy where id = 2"), "18446744073709551615");
  EXPECT_EQ(p.Scalar("select b64 from types_copy where id = 2"), "18446744073709551615");
  EXPECT_EQ(p.Scalar("select vc from types_copy where id = 2"), "😀🎉 ünïcødé 𝄞");
  EXPECT_EQ(p.Scalar("select strftime(ts, '%H:%M:%S.%f') from types_copy where id = 3"),
            "00:00:00.500000");
  EXPECT_EQ(p.Scalar("select tm from types_copy where id = 1"), "-838:59:59");
}

TEST_F(MysqlTypes, QuerySourcesAreDescribedFromStatementMetadata) {
  MysqlProject p(*server_);
  p.Write(SyncNode("q",
                   "query: \"select id, biu, b64, f, d, dec65, dec38, dtm6, tm6, vb, e, j "
                   "from types;\"",
                   "types_q"));
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.fixture().Csv("desc types_q"),
            "column,type,partition_key\nid,int,false\nbiu,\"decimal(20,0)\",false\n"
            "b64,\"decimal(20,0)\",false\nf,float,false\nd,double,false\ndec65,string,false\n"
            "dec38,\"decimal(38,10)\",false\ndtm6,datetime,false\ntm6,string,false\n"
            "vb,binary,false\ne,string,false\nj,string,false\nds,string,true\n");
  std::vector<TypeCase> subset;
  for (const auto& c : kCases)
    for (const char* n : {"biu", "b64", "f", "d", "dec65", "dec38", "dtm6", "tm6", "vb", "e", "j"})
      if (std::string(c.name) == n) subset.push_back(c);
  ExpectSameValues(p, "types_q", subset);
}

TEST_F(MysqlTypes, ZeroDatesAreDirtyByDefaultAndNullOnRequest) {
  server_->Exec(
      "CREATE TABLE app.zd (id int PRIMARY KEY, d date, dt datetime, ts timestamp NULL);"
      "SET sql_mode = ''; INSERT INTO app.zd VALUES"
      " (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),"
      " (2, '2016-00-10', '2016-11-00 10:00:00', NULL),"
      " (3, '2016-11-14', '2016-11-14 10:00:00', '2016-11-14 10:00:00'),"
      " (4, '0000-05-10', '2016-11-14 10:00:00', NULL)");
  MysqlProject p(*server_);
  p.Write(SyncNode("zd", "table: zd", "zd_dirty"));
  ProcessResult strict = p.Run({"run", "--date", "20240101"});
  EXPECT_NE(strict.status, 0);
  EXPECT_NE(strict.err.find("dirty"), std::string::npos) << strict.err;

  p.Write(SyncNode("zd", "table: zd", "zd_dirty", "    error_limit: { records: 3 }\n"));
  ProcessResult loose = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(loose.status, 0) << loose.out << loose.err;
  EXPECT_EQ(p.Scalar("select string_agg(id::varchar, ',' order by id) from zd_dirty"), "3");
  std::string dirty = ReadFile(p.fixture().dir() / "warehouse/_strata/dirty/zd/20240101.jsonl");
  EXPECT_NE(dirty.find("\"value\":\"0000-00-00\""), std::string::npos) << dirty;
  EXPECT_NE(dirty.find("\"value\":\"2016-00-10\""), std::string::npos) << dirty;
  EXPECT_NE(dirty.find("calendar date"), std::string::npos) << dirty;

  p.Write(SyncNode("zd", "table: zd, zero_date: \"null\"", "zd_null"));
  ProcessResult nulls = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(nulls.status, 0) << nulls.out << nulls.err;
  EXPECT_EQ(p.fixture().Csv("select id, d, dt, ts from zd_null order by id"),
            "id,d,dt,ts\n1,,,\n2,,,\n3,2016-11-14,2016-11-14 10:00:00,2016-11-14 10:00:00+00\n"
            "4,,2016-11-14 10:00:00,\n");
}

}  // namespace
}  // namespace strata::test
