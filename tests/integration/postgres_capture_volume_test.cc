// A larger volume through PostgreSQL's change stream: every row of many
// transactions arrives once, in commit order, and the read rate is printed
// (never asserted) for a table of plain types and for one with an array
// column, whose values the server renders row by row.
// STRATA_CAPTURE_ROWS sets the rows per table (default 20000).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "postgres_server.h"
#include "source/postgres/pg_change_stream.h"

namespace strata::test {
namespace {

class CountingSink : public ValueSink {
 public:
  void Null(int) override {}
  void Int(int col, int64_t v) override {
    if (col == 0) id = v;
  }
  void UInt(int, uint64_t) override {}
  void Double(int, double) override {}
  void Text(int, std::string_view) override {}
  void Blob(int, std::string_view) override {}
  int64_t id = 0;
};

int Rows() {
  const char* env = std::getenv("STRATA_CAPTURE_ROWS");
  return env ? std::atoi(env) : 20000;
}

TEST(PostgresCaptureVolume, EveryRowOnceInCommitOrder) {
  PostgresServer server({"wal_level=logical"});
  server.Exec(
      "CREATE ROLE strata_cdc LOGIN REPLICATION PASSWORD 'cdc';"
      "GRANT CREATE ON DATABASE postgres TO strata_cdc;"
      "CREATE TABLE plain (id int PRIMARY KEY, name text, amount numeric(12,2), at timestamptz);"
      "CREATE TABLE arrays (id int PRIMARY KEY, tags int[]);"
      "ALTER TABLE plain OWNER TO strata_cdc; ALTER TABLE arrays OWNER TO strata_cdc;");
  ConnectionConfig config{
      "pg", "postgres://strata_cdc@127.0.0.1:" + std::to_string(server.port()) + "/postgres", "cdc",
      ""};
  const int rows = Rows();
  for (std::string table : {"plain", "arrays"}) {
    SCOPED_TRACE(table);
    PgChangeStream stream(config, PgCaptureSpec{table, "vol_" + table, "vol_" + table});
    PgSlotSnapshot snap = stream.CreateSlot();
    std::string values = table == "plain"
                             ? "g, 'name ' || g, g / 7.0, timestamptz '2024-01-01' + g * "
                               "interval '1 second'"
                             : "g, ARRAY[g, -g, NULL]";
    // Transactions of 100 rows each.
    server.Exec("DO $$ BEGIN FOR b IN 0.." + std::to_string((rows - 1) / 100) +
                " LOOP INSERT INTO " + table + " SELECT " + values +
                " FROM generate_series(b * 100 + 1, least(b * 100 + 100, " + std::to_string(rows) +
                ")) g; COMMIT; END LOOP; END $$");
    auto begin = std::chrono::steady_clock::now();
    stream.Start(snap.start, {});
    CountingSink sink;
    ChangeEvent event;
    int64_t seen = 0;
    ChangePosition last;
    while (stream.Next(event, sink)) {
      ++seen;
      ASSERT_EQ(sink.id, seen);
      ASSERT_GE(event.position, last);
      last = event.position;
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    EXPECT_EQ(seen, rows);
    std::printf("capture %s: %d rows in %.2f s, %.0f rows/s\n", table.c_str(), rows, seconds,
                rows / seconds);
  }
}

}  // namespace
}  // namespace strata::test
