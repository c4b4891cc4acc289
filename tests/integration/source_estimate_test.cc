// Source::EstimateRows, the total of a progress line, against real
// databases: SQLite counts a table read exactly, with and without its
// `where`; MySQL/MariaDB and PostgreSQL give their planner's estimate, within
// a factor of the truth once the table is analysed. A query gives a number
// or nothing, and a filter the server rejects gives nothing; never an
// exception, and the source reads normally afterwards.

#include <optional>

#include "mysql_test_util.h"
#include "postgres_server.h"
#include "source/source.h"

namespace strata::test {
namespace {

constexpr int kRows = 20000;

// Counts the rows it is given.
class RowCounter : public ValueSink {
 public:
  void Null(int) override {}
  void Int(int, int64_t) override {}
  void UInt(int, uint64_t) override {}
  void Double(int, double) override {}
  void Text(int, std::string_view) override {}
  void Blob(int, std::string_view) override {}
};

int64_t ReadCount(Source& source, const ReadSpec& spec) {
  source.Describe(spec);
  RowCounter sink;
  int64_t n = 0;
  for (const Split& split : source.PlanSplits(spec, 1))
    for (auto reader = source.Open(spec, split); reader->Next(sink);) ++n;
  return n;
}

// Within a factor of two of `truth`, and not exact: a planner's estimate.
void ExpectNear(const std::optional<RowEstimate>& e, int64_t truth) {
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->exact);
  EXPECT_GE(e->rows, truth / 2);
  EXPECT_LE(e->rows, truth * 2);
}

ReadSpec Table(const std::string& table, const std::string& where = "") {
  ReadSpec spec;
  spec.table = table;
  spec.where = where;
  return spec;
}

ReadSpec Query(const std::string& query) {
  ReadSpec spec;
  spec.query = query;
  return spec;
}

// ------------------------------------------------------------------- SQLite

TEST(SqliteEstimate, CountsTheTableReadExactly) {
  ProjectFixture p(
      "create table t (id integer primary key, v int);"
      "with recursive g(i) as (select 1 union all select i + 1 from g where i < 1000) "
      "insert into t select i, i % 10 from g;");
  auto source = OpenSource({"src", "sqlite:source.db", "", p.dir().string()});
  std::optional<RowEstimate> all = source->EstimateRows(Table("t"));
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->rows, 1000);
  EXPECT_TRUE(all->exact);
  std::optional<RowEstimate> some = source->EstimateRows(Table("t", "v < 3 -- to the line's end"));
  ASSERT_TRUE(some.has_value());
  EXPECT_EQ(some->rows, 300);
  EXPECT_TRUE(some->exact);
}

TEST(SqliteEstimate, QueryAndBrokenFilterHaveNoTotal) {
  ProjectFixture p("create table t (id integer primary key); insert into t values (1), (2);");
  auto source = OpenSource({"src", "sqlite:source.db", "", p.dir().string()});
  // Counting a query would run it a second time.
  EXPECT_FALSE(source->EstimateRows(Query("select id from t")).has_value());
  EXPECT_FALSE(source->EstimateRows(Table("t", "no_such_column = 1")).has_value());
  EXPECT_FALSE(source->EstimateRows(Table("no_such_table")).has_value());
  EXPECT_EQ(ReadCount(*source, Table("t")), 2);
}

// ------------------------------------------------------------ MySQL/MariaDB

class MysqlEstimate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer();
    CreateUsers(*server_);
    MariadbSession s(server_->port(), "root", "", "app");
    s.Exec("CREATE TABLE big (id int PRIMARY KEY, v int, KEY (v))");
    s.Exec("SET max_recursive_iterations = 1000000");  // the default stops at 1000
    s.Exec(
        "INSERT INTO big WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g "
        "WHERE i < " +
        std::to_string(kRows) + ") SELECT i, i % 100 FROM g");
    s.Exec("ANALYZE TABLE big");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::unique_ptr<Source> Open() {
    return OpenSource({"my", server_->Url("etl", "app"), kEtlPassword, "/"});
  }
  static MariadbServer* server_;
};
MariadbServer* MysqlEstimate::server_ = nullptr;

TEST_F(MysqlEstimate, TableAndFilterWithinAFactorOfTheTruth) {
  auto source = Open();
  ExpectNear(source->EstimateRows(Table("big")), kRows);
  ExpectNear(source->EstimateRows(Table("app.big", "v < 10")), kRows / 10);
}

TEST_F(MysqlEstimate, QueriesAndErrorsNeverThrow) {
  auto source = Open();
  std::optional<RowEstimate> q;
  ASSERT_NO_THROW(q = source->EstimateRows(Query("SELECT id, v FROM big WHERE v = 3")));
  EXPECT_GT(q.value_or(RowEstimate{1, false}).rows, 0);
  // A join's plan has a row per table, and EXPLAIN does not say what comes out.
  EXPECT_FALSE(
      source->EstimateRows(Query("SELECT a.id FROM big a JOIN big b ON b.id = a.v")).has_value());
  EXPECT_FALSE(source->EstimateRows(Table("big", "no_such_column = 1")).has_value());
  EXPECT_FALSE(source->EstimateRows(Table("no_such_table")).has_value());
  EXPECT_EQ(ReadCount(*source, Table("big", "v = 7")), kRows / 100);
}

// --------------------------------------------------------------- PostgreSQL

class PostgresEstimate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new PostgresServer();
    server_->Exec(
        "CREATE TABLE big (id int PRIMARY KEY, v int); CREATE INDEX ON big (v);"
        "INSERT INTO big SELECT g, g % 100 FROM generate_series(1, " +
        std::to_string(kRows) + ") g; ANALYZE big;");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::unique_ptr<Source> Open() {
    return OpenSource({"pg", server_->Url(), PostgresServer::kPassword, "/"});
  }
  static PostgresServer* server_;
};
PostgresServer* PostgresEstimate::server_ = nullptr;

TEST_F(PostgresEstimate, TableAndFilterWithinAFactorOfTheTruth) {
  auto source = Open();
  ExpectNear(source->EstimateRows(Table("big")), kRows);
  ExpectNear(source->EstimateRows(Table("public.big", "v < 10")), kRows / 10);
}

TEST_F(PostgresEstimate, QueriesAndErrorsNeverThrowAndTheSnapshotSurvives) {
  auto source = Open();
  std::optional<RowEstimate> q;
  ASSERT_NO_THROW(q = source->EstimateRows(Query("SELECT id, v FROM big WHERE v = 3")));
  EXPECT_GT(q.value_or(RowEstimate{1, false}).rows, 0);
  // EXPLAIN fails inside the snapshot's transaction; the savepoint keeps
  // that transaction, and the read after it, working.
  EXPECT_FALSE(source->EstimateRows(Table("big", "no_such_column = 1")).has_value());
  EXPECT_EQ(ReadCount(*source, Table("big", "v = 7")), kRows / 100);
}

}  // namespace
}  // namespace strata::test
