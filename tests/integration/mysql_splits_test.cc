// MySQL/MariaDB source, parallel reads: split keys of every kind (integers
// with gaps and skew, NULL keys, strings under a case-insensitive collation,
// decimals, dates, doubles, binary, unsigned past int64, composite keys)
// are cut so that every row is read exactly once, through the Source API
// directly and through `strata run` with channels 1 to 4.

#include <algorithm>
#include <map>

#include "mysql_test_util.h"
#include "source/source.h"

namespace strata::test {
namespace {

// Collects column 0 (the row id) of every row it is given.
class IdSink : public ValueSink {
 public:
  void Null(int col) override { Put(col, "NULL"); }
  void Int(int col, int64_t v) override { Put(col, std::to_string(v)); }
  void UInt(int col, uint64_t v) override { Put(col, std::to_string(v)); }
  void Double(int col, double v) override { Put(col, std::to_string(v)); }
  void Text(int col, std::string_view v) override { Put(col, std::string(v)); }
  void Blob(int col, std::string_view v) override { Put(col, std::string(v)); }
  std::vector<std::string> ids;

 private:
  void Put(int col, std::string v) {
    if (col == 0) ids.push_back(std::move(v));
  }
};

std::map<std::string, int> Count(const std::vector<std::string>& ids) {
  std::map<std::string, int> m;
  for (const auto& id : ids) ++m[id];
  return m;
}

// Case and accent variants that collate equal under utf8mb4_general_ci, and
// trailing spaces, which PAD SPACE collations ignore.
const char* const kWords[] = {"a", "A", "á", "b",  "B", "ab", "Ab", "aB", "", " ",
                              "z", "Z", "😀", "a ", "ä", "ss", "ß",  "M",  "m"};
const char* const kLatin[] = {"e", "E", "é", "É", "a", "A", "z", "Z"};

std::string Or(bool null, const std::string& value) {
  return null ? "NULL" : value;
}

// Row i of keys_t: skewed, gapped ids; keys with duplicates and NULLs.
std::string KeysRow(int i) {
  int64_t id = i < 300 ? i + 1 : i < 400 ? 1000000 + i : (int64_t{1} << 40) + i * 7919;
  if (i == 599) id = -(int64_t{1} << 62);
  std::string word = i % 7 == 0 ? "w" + std::to_string(i % 50) : kWords[i % 19];
  std::vector<std::string> v = {
      std::to_string(id),
      Or(i % 11 == 0, std::to_string(i % 37)),
      Or(i % 10 == 9, "'" + word + "'"),
      Or(i % 13 == 0, "CONVERT('" + std::string(kLatin[i % 8]) + "' USING latin1)"),
      Or(i % 17 == 0, std::to_string(i % 41) + ".00000000000000000" + std::to_string(i % 3)),
      "'2016-11-" + std::to_string(10 + i % 5) + " 10:00:00." + std::to_string(i % 4) + "'",
      Or(i % 19 == 0, std::to_string(i % 23) + "e-1"),
      std::to_string(i % 29) + "e-1",
      "x'" + std::string(i % 2 ? "00" : "FF") + std::string(2 * (i % 4), 'A') + "'",
      std::to_string(UINT64_MAX - static_cast<uint64_t>(i % 97) * 1000003),
      "'" + std::to_string(i % 30 - 15) + ":00:00'",
      i % 2 ? "'x'" : "'y'"};
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "(" : ",") + x;
  return out + ")";
}

class MysqlSplits : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer();
    CreateUsers(*server_);
    MariadbSession s(server_->port(), "root", "", "app");
    s.Exec(
        "CREATE TABLE keys_t (id bigint PRIMARY KEY, k int NULL, s varchar(20) COLLATE "
        "utf8mb4_general_ci, l varchar(10) CHARACTER SET latin1 COLLATE latin1_swedish_ci, "
        "dec_k decimal(40,20), dt datetime(6), dbl double, fl float, vb varbinary(8), "
        "ub bigint unsigned, tm time, e enum('x','y'));"
        "CREATE TABLE pair_t (a varchar(10) COLLATE utf8mb4_general_ci, b int, v int, "
        "PRIMARY KEY (a, b));"
        "CREATE TABLE empty_t (id int PRIMARY KEY)");
    std::string rows;
    for (int i = 0; i < 600; ++i) rows += std::string(rows.empty() ? "" : ",") + KeysRow(i);
    s.Exec("INSERT INTO keys_t VALUES " + rows);
    std::string pairs;
    for (int i = 0; i < 200; ++i)
      pairs += std::string(pairs.empty() ? "" : ",") + "('" + kWords[i % 12] +
               std::to_string(i % 5) + "'," + std::to_string(i) + "," + std::to_string(i) + ")";
    s.Exec("INSERT IGNORE INTO pair_t VALUES " + pairs);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static ConnectionConfig Config() { return {"my", server_->Url("etl", "app"), kEtlPassword, "/"}; }

  // Reads every split of `spec` with `channels` through the Source API;
  // returns the ids read and how many splits there were.
  static std::pair<std::vector<std::string>, size_t> ReadAll(const ReadSpec& spec, int channels) {
    auto source = OpenSource(Config());
    source->Describe(spec);
    std::vector<Split> splits = source->PlanSplits(spec, channels);
    IdSink sink;
    for (const auto& split : splits) {
      auto reader = source->Open(spec, split);
      while (reader->Next(sink)) {
      }
    }
    return {sink.ids, splits.size()};
  }

  static std::vector<std::string> ServerIds(const std::string& table) {
    std::vector<std::string> ids;
    for (auto& row : server_->Query("SELECT id FROM app." + table)) ids.push_back(*row[0]);
    return ids;
  }

  static MariadbServer* server_;
};
MariadbServer* MysqlSplits::server_ = nullptr;

TEST_F(MysqlSplits, EveryKeyTypeCoversEveryRowExactlyOnce) {
  auto want = Count(ServerIds("keys_t"));
  for (const char* key : {"id", "k", "s", "l", "dec_k", "dt", "dbl", "fl", "vb", "ub", "tm"}) {
    for (int channels : {1, 2, 3, 4, 7}) {
      SCOPED_TRACE(std::string("split_key ") + key + ", channels " + std::to_string(channels));
      ReadSpec spec;
      spec.table = "keys_t";
      spec.columns = {"id", key};
      spec.split_key = key;
      auto [ids, n_splits] = ReadAll(spec, channels);
      EXPECT_EQ(Count(ids), want);
      // More than one range (plus the NULL split) whenever channels > 1.
      if (channels > 1) {
        EXPECT_GE(n_splits, 3u);
      }
    }
  }
}

TEST_F(MysqlSplits, WhereFiltersAndCompositeKeysSplitToo) {
  ReadSpec spec;
  spec.table = "keys_t";
  spec.where = "k > 5 or s = 'A'";  // 'A' matches a, á, ä … under utf8mb4_general_ci
  auto want = Count([] {
    std::vector<std::string> ids;
    for (auto& r : server_->Query("SELECT id FROM app.keys_t WHERE k > 5 or s = 'A'"))
      ids.push_back(*r[0]);
    return ids;
  }());
  for (const char* key : {"", "s"}) {
    spec.split_key = key;
    EXPECT_EQ(Count(ReadAll(spec, 4).first), want) << key;
  }
  ReadSpec pair;  // composite primary key (a, b): split on a, case-insensitively
  pair.table = "pair_t";
  pair.columns = {"v"};
  std::vector<std::string> want_v;
  for (auto& r : server_->Query("SELECT v FROM app.pair_t")) want_v.push_back(*r[0]);
  auto [ids, n] = ReadAll(pair, 3);
  EXPECT_EQ(Count(ids), Count(want_v));
  EXPECT_EQ(n, 4u);
}

TEST_F(MysqlSplits, EmptyTablesAndUnsplittableKeys) {
  ReadSpec empty;
  empty.table = "empty_t";
  EXPECT_TRUE(ReadAll(empty, 4).first.empty());
  ReadSpec bad;
  bad.table = "keys_t";
  bad.split_key = "e";
  auto source = OpenSource(Config());
  try {
    source->PlanSplits(bad, 4);
    ADD_FAILURE() << "an enum split key was accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("split_key 'e' is a enum('x','y') column"),
              std::string::npos)
        << e.what();
  }
  bad.split_key = "nope";
  try {
    source->PlanSplits(bad, 4);
    ADD_FAILURE() << "an unknown split key was accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("split_key 'nope' is not a column of table 'keys_t'"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(MysqlSplits, StrataRunReadsEveryRowOnceWithOneToFourChannels) {
  MysqlProject p(*server_);
  std::string nodes;
  for (int c = 1; c <= 4; ++c) {
    std::string n = std::to_string(c);
    nodes += SyncNode("by_id_" + n, "table: keys_t, columns: [id, s]", "by_id_" + n,
                      "    channels: " + n + "\n");
    nodes += SyncNode("by_s_" + n, "table: keys_t, columns: [id, s]", "by_s_" + n,
                      "    channels: " + n + "\n    split_key: s\n");
    nodes += SyncNode("by_pair_" + n, "table: pair_t", "by_pair_" + n, "    channels: " + n + "\n");
  }
  p.Write(nodes);
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::string ids = server_->Scalar("SELECT CONCAT(COUNT(*), ',', SUM(id)) FROM app.keys_t");
  std::string pairs = server_->Scalar("SELECT CONCAT(COUNT(*), ',', SUM(v)) FROM app.pair_t");
  for (int c = 1; c <= 4; ++c) {
    std::string n = std::to_string(c);
    for (const char* t : {"by_id_", "by_s_"}) {
      EXPECT_EQ(p.Scalar("select count(*) || ',' || sum(id) from " + std::string(t) + n), ids)
          << t << n;
      EXPECT_EQ(p.Scalar("select count(*) from (select id from " + std::string(t) + n +
                         " group by id having count(*) > 1)"),
                "0");
    }
    EXPECT_EQ(p.Scalar("select count(*) || ',' || sum(v) from by_pair_" + n), pairs) << n;
  }
  EXPECT_EQ(p.Scalar("select count(*) from by_s_4 where s is null"),
            server_->Scalar("SELECT COUNT(*) FROM app.keys_t WHERE s IS NULL"));
}

// A filter ending in a "-- " comment: the split predicates still apply.
TEST_F(MysqlSplits, WhereEndingInACommentKeepsTheSplits) {
  MysqlProject p(*server_);
  p.Write(
      SyncNode("c", "table: pair_t, where: \"v > 0 -- positive only\"", "c", "    channels: 3\n"));
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Scalar("select count(*) || ',' || sum(v) from c"),
            server_->Scalar("SELECT CONCAT(COUNT(*), ',', SUM(v)) FROM app.pair_t WHERE v > 0"));
}

// `database.table` reads from the named database, whatever the URL's is.
TEST_F(MysqlSplits, DatabaseQualifiedTableName) {
  MysqlProject p(*server_, "etl", kEtlPassword, "");  // no default database
  p.Write(SyncNode("q", "table: app.pair_t", "q", "    channels: 2\n"));
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Scalar("select count(*) || ',' || sum(v) from q"),
            server_->Scalar("SELECT CONCAT(COUNT(*), ',', SUM(v)) FROM app.pair_t"));
}

}  // namespace
}  // namespace strata::test
