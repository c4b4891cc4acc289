// Every type of the MariaDB type matrix arrives through the binlog exactly
// as through a snapshot read: for each row, the calls the change stream
// makes on a ValueSink (kind and value; doubles by their bits) equal the
// calls the snapshot reader makes for the same row, so sync/'s RowConverter
// converts both alike. A second table covers what the matrix does not:
// fractional seconds of every width (negative times too), zero dates (as
// text, and as NULL when asked), CHAR and BINARY longer than 255 bytes,
// latin1 text (every byte MySQL's latin1 maps specially).

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <utility>

#include "mariadb_server.h"
#include "recording_sink.h"
#include "source/mysql/mysql_change_stream.h"
#include "type_matrices.h"

namespace strata::test {
namespace {

using Rows = std::map<std::string, std::vector<std::string>>;  // by the id value

Rows SnapshotRows(const ConnectionConfig& config, const ReadSpec& spec) {
  auto source = OpenSource(config);
  Rows out;
  RecordingSink sink;
  for (const Split& split : source->PlanSplits(spec, 1)) {
    auto reader = source->Open(spec, split);
    while (reader->Next(sink)) {
      auto row = sink.Take();
      out[row[0]] = row;
    }
  }
  return out;
}

// Moves every row's id by 100 (an update logs the whole row) and compares
// what the log delivers with a snapshot read afterwards.
void ExpectLogEqualsSnapshot(MariadbServer& server, const ReadSpec& spec, size_t rows) {
  ConnectionConfig config{"my", server.Url("root", "app"), "", ""};
  MysqlChangeStream stream(config, spec);
  ChangePosition from = stream.LogEnd();
  // A new binlog file first: the read crosses a rotation.
  server.Exec("FLUSH BINARY LOGS; UPDATE app." + spec.table + " SET id = id + 100");
  stream.Start(from, {});
  Rows logged;
  RecordingSink sink;
  ChangeEvent event;
  // A new key arrives as the old row's delete, then the new row's insert.
  for (size_t n = 0; stream.Next(event, sink); ++n) {
    EXPECT_EQ(event.op, n % 2 == 0 ? ChangeOp::kDelete : ChangeOp::kInsert);
    auto row = sink.Take();
    if (event.op == ChangeOp::kInsert) logged[row[0]] = row;
  }
  Rows snapshot = SnapshotRows(config, spec);
  ASSERT_EQ(logged.size(), rows);
  ASSERT_EQ(snapshot.size(), rows);
  for (const auto& [id, row] : snapshot) {
    ASSERT_TRUE(logged.count(id)) << id;
    ASSERT_EQ(logged[id].size(), row.size());
    for (size_t c = 0; c < row.size(); ++c)
      EXPECT_EQ(logged[id][c], row[c]) << spec.table << " row " << id << " column " << c;
  }
  server.Exec("UPDATE app." + spec.table + " SET id = id - 100");
}

class MysqlCaptureTypes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Without binlog checksums (mysql_capture_test.cc runs with the default CRC32).
    server_ = new MariadbServer(
        MariadbServer::Options{true, {"--binlog-format=ROW", "--binlog-checksum=NONE"}});
    server_->Exec("CREATE DATABASE app CHARACTER SET utf8mb4");
    MariadbSession s(server_->port(), "root", "", "app");
    s.Exec(std::string(kMysqlTypeMatrixTable) + ";" + kMysqlTypeMatrixRows +
           "INSERT INTO types (id, f, d, dec65) VALUES (8, -0.0, -2.5e-310, 0.5);");
    s.Exec(
        "CREATE TABLE edges (id int PRIMARY KEY, t1 time(1), t3 time(3), t4 time(4),"
        " dt3 datetime(3), ts2 timestamp(2) NULL, d date, dt datetime, ts timestamp NULL,"
        " c100 char(100), b300 binary(255), vc varchar(300), e2 enum('x','y'),"
        " s64 set('a','b','c','d','e','f','g','h','i'),"
        " l1 varchar(20) CHARACTER SET latin1, l1c char(5) CHARACTER SET latin1);"
        "SET sql_mode = '';"
        "INSERT INTO edges VALUES"
        " (1, '-00:00:01.5', '-838:59:58.999', '-12:00:00.0001', '2016-11-14 10:00:00.123',"
        "  '2024-01-01 00:00:00.99', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',"
        "  REPEAT('é', 100), x'01', REPEAT('ü', 300), '', 'a,i', 'Zoë €‚ƒ…Ÿ', 'ñ  '),"
        " (2, '12:34:56.7', '00:00:00.001', '-00:00:00.0001', '1000-01-01 00:00:00.000',"
        "  '1970-01-01 00:00:01.01', '2016-00-10', '2016-11-00 10:00:00', NULL,"
        "  'trailing   ', REPEAT(x'FF', 255), '', 'y', '', CONVERT(x'818D8F909DA0FF' USING "
        "latin1), ''),"
        " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        "  NULL)");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static MariadbServer* server_;
};
MariadbServer* MysqlCaptureTypes::server_ = nullptr;

TEST_F(MysqlCaptureTypes, EveryMatrixTypeArrivesAsTheSnapshotReadsIt) {
  ReadSpec spec;
  spec.table = "types";
  ExpectLogEqualsSnapshot(*server_, spec, 8);
}

TEST_F(MysqlCaptureTypes, FractionsZeroDatesAndLongStringsArriveAsTheSnapshotReadsThem) {
  ReadSpec spec;
  spec.table = "edges";
  ExpectLogEqualsSnapshot(*server_, spec, 3);
  spec.zero_date_as_null = true;
  ExpectLogEqualsSnapshot(*server_, spec, 3);
}

}  // namespace
}  // namespace strata::test
