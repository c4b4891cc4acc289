// PostgreSQL source reads: the seed's incremental `where` reaches the server
// as written and uses the optime index; queries, key=value connection
// strings, column subsets and mixed-case names work.

#include <gtest/gtest.h>

#include "postgres_server.h"
#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kOplog =
    "CREATE TABLE oplog (id serial PRIMARY KEY, optime timestamp NOT NULL, uname text, "
    "action text, status text);"
    "CREATE INDEX oplog_optime_idx ON oplog (optime);"
    "INSERT INTO oplog (optime, uname, action, status) "
    "SELECT timestamp '2016-09-01' + g * interval '173 seconds', 'user' || g % 97, "
    "(ARRAY['insert','update','delete'])[1 + g % 3], 'success' "
    "FROM generate_series(1, 60000) g;"
    "ANALYZE oplog;"
    "CREATE TABLE \"MixedCase\" (\"Id\" int PRIMARY KEY, \"Name\" text);"
    "INSERT INTO \"MixedCase\" VALUES (1, 'one'), (2, 'two');"
    "CREATE SCHEMA sales; CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric(8,2));"
    "INSERT INTO sales.orders SELECT g, g / 4.0 FROM generate_series(1, 1000) g;"
    "CREATE SCHEMA \"Archive\"; CREATE TABLE \"Archive\".\"Orders\" (id int PRIMARY KEY);"
    "INSERT INTO \"Archive\".\"Orders\" VALUES (7), (8);"
    "CREATE VIEW recent AS SELECT id, uname FROM oplog WHERE id > 59000;"
    "CREATE MATERIALIZED VIEW daily AS SELECT optime::date AS id, count(*) AS n FROM oplog "
    "GROUP BY 1;"
    "CREATE TABLE events (id int, at timestamptz) PARTITION BY RANGE (id);"
    "CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (500);"
    "CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM (500) TO (1000);"
    "INSERT INTO events SELECT g, now() FROM generate_series(0, 999) g;"
    "CREATE EXTENSION file_fdw; CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;"
    "DO $$ BEGIN EXECUTE format('COPY (SELECT g, ''line '' || g FROM generate_series(1, 50) g) "
    "TO %L (FORMAT csv)', current_setting('data_directory') || '/lines.csv'); END $$;"
    "CREATE FOREIGN TABLE lines (id int, body text) SERVER files "
    "OPTIONS (filename 'lines.csv', format 'csv');";

class PostgresRead : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new PostgresServer();
    server_->Exec(kOplog);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static PostgresServer* server_;
};
PostgresServer* PostgresRead::server_ = nullptr;

// The SELECT inside the last `COPY (...) TO STDOUT` the server logged.
std::string LastCopySelect(const std::string& log) {
  size_t end = log.rfind(") TO STDOUT (FORMAT binary)");
  size_t start = log.rfind("COPY (", end);
  if (end == std::string::npos || start == std::string::npos) return "";
  return log.substr(start + 6, end - start - 6);
}

TEST_F(PostgresRead, SeedWhereReachesTheServerAsWrittenAndUsesTheIndex) {
  server_->Exec("ALTER ROLE strata_reader SET log_statement = 'all'");
  ProjectFixture p;
  WritePgProject(p, *server_,
                 "  - name: ods_oplog\n    type: sync\n    source:\n      connection: pg\n"
                 "      table: oplog\n      columns: [optime, uname, action, status]\n"
                 "      where: \"optime >= '${yyyy-mm-dd}' and optime < '$[yyyy-mm-dd]'\"\n"
                 "    target: { table: ods_oplog, partition: \"ds=${bizdate}\" }\n");
  ProcessResult r = RunPg(p, {"run", "--date", "20161114"});
  server_->Exec("ALTER ROLE strata_reader RESET log_statement");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::string want = server_->Scalar(
      "SELECT count(*) FROM oplog WHERE optime >= '2016-11-14' AND optime < '2016-11-15'");
  EXPECT_EQ(p.Csv("select count(*) as n, min(optime) >= '2016-11-14' and max(optime) < "
                  "'2016-11-15' as inside from ods_oplog where ds = '20161114'"),
            "n,inside\n" + want + ",true\n");

  std::string select = LastCopySelect(server_->Log());
  ASSERT_NE(select.find("FROM \"public\".\"oplog\" WHERE (optime >= '2016-11-14' and "
                        "optime < '2016-11-15'"),
            std::string::npos)
      << select;
  SqlRows plan = server_->Query("EXPLAIN " + select);
  std::string text;
  for (const auto& row : plan) text += *row[0] + "\n";
  EXPECT_NE(text.find("oplog_optime_idx"), std::string::npos) << text;
}

TEST_F(PostgresRead, QueryThroughAKeyValueConnectionString) {
  ProjectFixture p;
  WritePgProject(
      p, *server_,
      "  - name: q\n    type: sync\n    source:\n      connection: pg\n"
      "      query: \"select id, uname, optime from oplog where id <= 10 order by id;\"\n"
      "    target: { table: q }\n",
      server_->KeyValueUrl());
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Csv("desc q"),
            "column,type,partition_key\nid,int,false\nuname,string,false\n"
            "optime,datetime,false\n");
  EXPECT_EQ(p.Csv("select count(*) as n, sum(id) as s from q"), "n,s\n10,55\n");
}

TEST_F(PostgresRead, ColumnSubsetInNodeOrderAndMixedCaseNames) {
  ProjectFixture p;
  WritePgProject(p, *server_,
                 "  - name: m\n    type: sync\n    channels: 2\n"
                 "    source: { connection: pg, table: MixedCase, columns: [Name, Id] }\n"
                 "    target: { table: mixed }\n"
                 "  - name: o\n    type: sync\n"
                 "    source: { connection: pg, table: OPLOG, columns: [UNAME, ID], "
                 "where: \"id <= 3\" }\n    target: { table: o }\n");
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Csv("select * from mixed order by id"), "name,id\none,1\ntwo,2\n");
  EXPECT_EQ(p.Csv("select * from o order by id"), "uname,id\nuser1,1\nuser2,2\nuser3,3\n");
}

// A table outside the search_path is named with its schema; as with bare
// names, the exact spelling is tried before the case-folded one.
TEST_F(PostgresRead, SchemaQualifiedTables) {
  ProjectFixture p;
  WritePgProject(p, *server_,
                 "  - name: s\n    type: sync\n    channels: 3\n"
                 "    source: { connection: pg, table: SALES.orders }\n"
                 "    target: { table: s }\n"
                 "  - name: a\n    type: sync\n"
                 "    source: { connection: pg, table: Archive.Orders }\n"
                 "    target: { table: a }\n");
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Csv("select count(*) as n, count(distinct id) as d, sum(amount) as s from s"),
            "n,d,s\n1000,1000,125125.00\n");
  EXPECT_EQ(p.Csv("select id from a order by id"), "id\n7\n8\n");

  WritePgProject(p, *server_,
                 "  - name: m\n    type: sync\n"
                 "    source: { connection: pg, table: sales.missing }\n"
                 "    target: { table: m }\n");
  r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("table 'sales.missing' does not exist"), std::string::npos) << r.err;
}

// PostgreSQL cannot LOCK materialized views and foreign tables; they are
// read all the same, split by split.
TEST_F(PostgresRead, ViewsMaterializedViewsPartitionedAndForeignTables) {
  std::string nodes;
  for (std::string t : {"recent", "daily", "events", "lines"})
    nodes += "  - name: " + t + "\n    type: sync\n    channels: 3\n    split_key: id\n" +
             "    source: { connection: pg, table: " + t + " }\n    target: { table: " + t + " }\n";
  ProjectFixture p;
  WritePgProject(p, *server_, nodes);
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  for (std::string t : {"recent", "daily", "events", "lines"}) {
    std::string n = server_->Scalar("SELECT count(DISTINCT id) FROM " + t);
    EXPECT_EQ(p.Csv("select count(*) as n, count(distinct id) as d from " + t),
              "n,d\n" + n + "," + n + "\n")
        << t;
  }
}

}  // namespace
}  // namespace strata::test
