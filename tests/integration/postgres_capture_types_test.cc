// Every type of the PostgreSQL type matrix arrives through logical
// replication exactly as through a snapshot read: for each row, the calls the
// change stream makes on a ValueSink (kind and value, decoded dates,
// timestamps and decimals included) equal the calls the snapshot reader makes
// for the same row, so sync/'s RowConverter converts both alike.

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <utility>

#include "core/error.h"
#include "postgres_server.h"
#include "recording_sink.h"
#include "source/postgres/pg_change_stream.h"
#include "type_matrices.h"

namespace strata::test {
namespace {

using Rows = std::map<std::string, std::vector<std::string>>;  // by the id value

Rows SnapshotRows(const ConnectionConfig& config, bool decoded) {
  auto source = OpenSource(config);
  ReadSpec spec;
  spec.table = "matrix";
  std::vector<Split> splits = source->PlanSplits(spec, 1);
  Rows out;
  RecordingSink sink(decoded);
  for (const Split& split : splits) {
    auto reader = source->Open(spec, split);
    while (reader->Next(sink)) {
      auto row = sink.Take();
      out[row[0]] = row;
    }
  }
  return out;
}

TEST(PostgresCaptureTypes, EveryMatrixTypeArrivesAsTheSnapshotReadsIt) {
  PostgresServer server({"wal_level=logical"});
  server.Exec(std::string(kPgTypeMatrix) +
              "; CREATE ROLE strata_cdc LOGIN REPLICATION PASSWORD 'cdc';"
              "GRANT CREATE ON DATABASE postgres TO strata_cdc;"
              "ALTER TABLE matrix OWNER TO strata_cdc; ALTER TABLE matrix REPLICA IDENTITY FULL;");
  ConnectionConfig config{
      "pg", "postgres://strata_cdc@127.0.0.1:" + std::to_string(server.port()) + "/postgres", "cdc",
      ""};
  for (bool decoded : {true, false}) {
    SCOPED_TRACE(decoded ? "decoded" : "text");
    std::string name = decoded ? "strata_types_decoded" : "strata_types_text";
    PgChangeStream stream(config, PgCaptureSpec{"matrix", name, name});
    PgSlotSnapshot snap = stream.CreateSlot();
    // Every row again through the log: an update moves each id by 100 and
    // carries every other value unchanged; a new key arrives as the old
    // row's delete, then the new row's insert.
    server.Exec("UPDATE matrix SET id = id + 100");
    stream.Start(snap.start, {});
    Rows logged;
    RecordingSink sink(decoded);
    ChangeEvent event;
    for (size_t n = 0; stream.Next(event, sink); ++n) {
      ASSERT_EQ(event.op, n % 2 == 0 ? ChangeOp::kDelete : ChangeOp::kInsert);
      auto row = sink.Take();
      if (event.op == ChangeOp::kInsert) logged[row[0]] = row;
    }
    Rows snapshot = SnapshotRows(config, decoded);
    ASSERT_EQ(logged.size(), 5u);
    ASSERT_EQ(snapshot.size(), logged.size());
    for (const auto& [id, row] : snapshot) {
      ASSERT_TRUE(logged.count(id)) << id;
      ASSERT_EQ(logged[id].size(), row.size());
      for (size_t c = 0; c < row.size(); ++c)
        EXPECT_EQ(logged[id][c], row[c]) << "row " << id << " column " << c;
    }
    server.Exec("UPDATE matrix SET id = id - 100");
  }
}

}  // namespace
}  // namespace strata::test
