// PostgreSQL source: parallel channels read every row exactly once, whatever
// the split key (skewed integers with gaps, NULL keys, text under a
// case-insensitive collation, citext, uuid and composite keys), and all
// channels read one snapshot while other sessions write.

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "postgres_server.h"
#include "project_fixture.h"

namespace strata::test {
namespace {

class PostgresSplits : public ::testing::Test {
 public:
  static void SetUpTestSuite() { server_ = new PostgresServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static PostgresServer* server_;
};
PostgresServer* PostgresSplits::server_ = nullptr;

// Nodes n1..n4 copy `table` with 1..4 channels into t1..t4.
std::string NodesForChannels(const std::string& table, const std::string& extra = "") {
  std::string out;
  for (int c = 1; c <= 4; ++c) {
    std::string n = std::to_string(c);
    out += "  - name: n" + n + "\n    type: sync\n    channels: " + n + "\n" + extra +
           "    source: { connection: pg, table: " + table + " }\n    target: { table: t" + n +
           " }\n";
  }
  return out;
}

// Runs the four nodes and checks each target holds exactly the server's rows:
// same count, no id twice, same sum of `sum_expr`.
void ExpectEveryRowOnce(const std::string& table, const std::string& sum_expr,
                        const std::string& extra = "") {
  ProjectFixture p;
  WritePgProject(p, *PostgresSplits::server_, NodesForChannels(table, extra));
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  SqlRows want = PostgresSplits::server_->Query("SELECT count(*), count(DISTINCT id), sum(" +
                                                sum_expr + ") FROM " + table);
  std::string expected = "n,d,s\n" + *want[0][0] + "," + *want[0][1] + "," + *want[0][2] + "\n";
  for (int c = 1; c <= 4; ++c)
    EXPECT_EQ(p.Csv("select count(*) as n, count(distinct id) as d, sum(" + sum_expr +
                    ") as s from t" + std::to_string(c)),
              expected)
        << "channels " << c;
}

TEST_F(PostgresSplits, SkewedIntegerKeyWithGapsAndFullRange) {
  server_->Exec(
      "CREATE TABLE skew (id bigint PRIMARY KEY, v int);"
      "INSERT INTO skew SELECT g, g % 7 FROM generate_series(1, 3000) g;"
      "INSERT INTO skew SELECT 1000000000000 + g, 1 FROM generate_series(0, 4) g;"
      "INSERT INTO skew VALUES (-9223372036854775808, 5), (9223372036854775807, 6), (-3, 2);");
  ExpectEveryRowOnce("skew", "v");
}

TEST_F(PostgresSplits, NullKeysGetTheirOwnSplit) {
  server_->Exec(
      "CREATE TABLE nk (id int PRIMARY KEY, k int, v int);"
      "INSERT INTO nk SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE g % 13 END, g "
      "FROM generate_series(1, 2000) g;");
  ExpectEveryRowOnce("nk", "v", "    split_key: k\n");
}

TEST_F(PostgresSplits, TextKeyUnderCaseInsensitiveCollation) {
  server_->Exec(
      "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
      "CREATE TABLE words (id int PRIMARY KEY, name text COLLATE ci);"
      "INSERT INTO words SELECT g, CASE g % 6 WHEN 0 THEN NULL WHEN 1 THEN upper(w) "
      "WHEN 2 THEN initcap(w) ELSE w END FROM generate_series(1, 3000) g, "
      "LATERAL (SELECT (ARRAY['apple','banana','cherry','äpfel','zebra','mango','ß','Σίσυφος'])"
      "[1 + g % 8] || (g % 37)::text AS w) x;");
  ExpectEveryRowOnce("words", "id", "    split_key: name\n");
}

TEST_F(PostgresSplits, CitextKey) {
  server_->Exec(
      "CREATE EXTENSION IF NOT EXISTS citext;"
      "CREATE TABLE ci_words (id int, name citext PRIMARY KEY);"
      "INSERT INTO ci_words SELECT g, CASE WHEN g % 2 = 0 THEN 'Key' ELSE 'kEy_' END || g "
      "FROM generate_series(1, 2000) g;");
  ExpectEveryRowOnce("ci_words", "id");
}

TEST_F(PostgresSplits, UuidPrimaryKeyAndCompositeKey) {
  server_->Exec(
      "CREATE TABLE uu (id uuid PRIMARY KEY, v int);"
      "INSERT INTO uu SELECT md5(g::text)::uuid, g FROM generate_series(1, 2000) g;"
      "CREATE TABLE comp (region text, id int, v int, PRIMARY KEY (region, id));"
      "INSERT INTO comp SELECT (ARRAY['eu','us','ap'])[1 + g % 3], g, g "
      "FROM generate_series(1, 2000) g;");
  ExpectEveryRowOnce("uu", "v");
  ExpectEveryRowOnce("comp", "v");
}

// Two gates the test holds closed with advisory locks: the planning query
// (min/max of the split key, after the snapshot was exported) waits at lock
// 43; a COPY waits at its first row with a non-NULL group at lock 42. Every
// range split then waits at the gate, so the split of NULL groups starts
// only after the test opened it.
constexpr const char* kGate =
    "CREATE FUNCTION gate(g int) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN "
    "IF current_query() LIKE 'COPY%' THEN "
    "  IF g IS NOT NULL THEN PERFORM pg_advisory_xact_lock_shared(42); END IF; "
    "ELSIF current_query() LIKE 'SELECT min(%' THEN PERFORM pg_advisory_xact_lock_shared(43); "
    "END IF; RETURN true; END $$;";

std::string WaitingAt(const std::string& query_like) {
  return "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'strata' "
         "AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '" +
         query_like + "'";
}

// Moves random amounts between random rows, one transaction per move, so the
// total never changes; counts its commits.
class Writer {
 public:
  Writer(const PostgresServer& server, int rows) {
    thread_ = std::thread([this, &server, rows] {
      try {
        auto s = server.Connect();
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> pick(1, rows);
        while (!stop_) {
          int a = pick(rng), b = pick(rng), d = 1 + pick(rng) % 50;
          s->Exec("BEGIN; UPDATE accounts SET amount = amount - " + std::to_string(d) +
                  " WHERE id = " + std::to_string(a) + "; UPDATE accounts SET amount = amount + " +
                  std::to_string(d) + " WHERE id = " + std::to_string(b) + "; COMMIT");
          ++commits_;
        }
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mu_);
        error_ = e.what();
      }
    });
  }
  ~Writer() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Returns once `n` more transactions committed (or the writer failed).
  void WaitForCommits(int64_t n) {
    int64_t target = commits_.load() + n;
    while (commits_.load() < target && error().empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::string error() {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> commits_{0};
  std::mutex mu_;
  std::string error_;
  std::thread thread_;
};

// Every write happens after strata exported its snapshot (while planning,
// then while channels are mid-read), so what strata copies must be exactly
// the table as it was: every amount still 1000.
// split_key: ctid splits by pages, with or without a key: dead rows, rows
// moved by updates and a table too small for every channel still come once.
TEST_F(PostgresSplits, CtidSplitsByPagesCoverEveryRowOnce) {
  server_->Exec(
      "CREATE TABLE heap_t (id int, v text) WITH (autovacuum_enabled = off);"
      "INSERT INTO heap_t SELECT g, repeat('x', g % 50) FROM generate_series(1, 20000) g;"
      "DELETE FROM heap_t WHERE id % 7 = 0;"
      "UPDATE heap_t SET v = v || 'moved' WHERE id % 11 = 0;"
      "CREATE TABLE tiny_t (id int); INSERT INTO tiny_t VALUES (1), (2), (3);"
      "CREATE TABLE empty_t (id int);"
      "ALTER ROLE strata_reader SET log_statement = 'all'");
  ExpectEveryRowOnce("heap_t", "length(v)", "    split_key: ctid\n");
  ExpectEveryRowOnce("tiny_t", "id", "    split_key: ctid\n");
  ProjectFixture p;
  WritePgProject(p, *server_, NodesForChannels("empty_t", "    split_key: ctid\n"));
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Csv("select count(*) as n from t4"), "n\n0\n");
  server_->Exec("ALTER ROLE strata_reader RESET log_statement");
  EXPECT_NE(server_->Log().find("ctid >= '("), std::string::npos) << "no page ranges were read";
}

TEST_F(PostgresSplits, CtidSplitsNeedATable) {
  server_->Exec("CREATE TABLE base_t (id int); CREATE VIEW view_t AS SELECT id FROM base_t;");
  ProjectFixture p;
  WritePgProject(p, *server_,
                 "  - name: v\n    type: sync\n    channels: 2\n    split_key: ctid\n"
                 "    source: { connection: pg, table: view_t }\n    target: { table: v }\n");
  ProcessResult r = RunPg(p, {"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("split_key ctid needs a table or materialized view; public.view_t is "
                       "neither"),
            std::string::npos)
      << r.err;
}

TEST_F(PostgresSplits, AllChannelsReadOneSnapshotWhileAnotherSessionWrites) {
  constexpr int kRows = 100000;
  server_->Exec(std::string(kGate) +
                "CREATE TABLE accounts (id int PRIMARY KEY, grp int, amount bigint NOT NULL);"
                "INSERT INTO accounts SELECT g, CASE WHEN g % 10 <> 0 THEN g % 1000 END, 1000 "
                "FROM generate_series(1, " +
                std::to_string(kRows) + ") g;");
  ProjectFixture p;
  WritePgProject(p, *server_,
                 "  - name: acc\n    type: sync\n    channels: 4\n    split_key: grp\n"
                 "    source: { connection: pg, table: accounts, where: \"gate(grp)\" }\n"
                 "    target: { table: accounts }\n");
  auto holder = server_->Connect();
  holder->Exec("SELECT pg_advisory_lock(42), pg_advisory_lock(43)");
  auto run = std::async(std::launch::async, [&] {
    return RunPg(p, {"run", "--date", "20240101"});
  });

  server_->WaitUntil(WaitingAt("SELECT min(%"));  // planning, snapshot exported
  Writer writer(*server_, kRows);
  writer.WaitForCommits(300);
  holder->Exec("SELECT pg_advisory_unlock(43)");
  server_->WaitUntil(WaitingAt("COPY%"));  // channels mid-read
  writer.WaitForCommits(300);
  holder->Exec("SELECT pg_advisory_unlock(42)");
  ProcessResult r = run.get();
  writer.Stop();
  ASSERT_TRUE(writer.error().empty()) << writer.error();
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Csv("select count(*) as n, count(distinct id) as d, sum(amount) as s, "
                  "count(*) filter (where amount <> 1000) as moved from accounts"),
            "n,d,s,moved\n" + std::to_string(kRows) + "," + std::to_string(kRows) + "," +
                std::to_string(kRows * 1000LL) + ",0\n");
  // Meanwhile the writer did move amounts, keeping the total.
  EXPECT_NE(server_->Scalar("SELECT count(*) FROM accounts WHERE amount <> 1000"), "0");
  EXPECT_EQ(server_->Scalar("SELECT sum(amount) FROM accounts"), std::to_string(kRows * 1000LL));
}

}  // namespace
}  // namespace strata::test
