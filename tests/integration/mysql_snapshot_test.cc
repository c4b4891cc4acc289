// MySQL/MariaDB source, consistency: while a writer moves amounts between
// rows (the total never changes) and inserts one row per transaction, a
// multi-channel sync must see the table exactly as it was after some number
// of the writer's transactions: all channels read one snapshot. Covered for
// each way of taking it: FLUSH TABLES WITH READ LOCK, MariaDB's binlog
// position check (no RELOAD privilege), and the one-channel fallback
// (neither possible).

#include <atomic>
#include <map>
#include <random>

#include "mysql_test_util.h"
#include "source/mysql/mysql_source.h"

namespace strata::test {
namespace {

constexpr int kRows = 3000;
constexpr int64_t kStart = 100;

struct Txn {
  int from, to;
  int64_t amount;
  int inserted;
};

// Moves money between random rows and inserts one row per transaction, on
// its own thread, until stopped; remembers every committed transaction.
class Writer {
 public:
  explicit Writer(int port) : thread_([this, port] { Loop(port); }) {}
  ~Writer() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int committed() const { return committed_.load(); }
  // Only after Stop().
  const std::vector<Txn>& log() const { return log_; }
  const std::string& error() const { return error_; }

 private:
  void Loop(int port) {
    try {
      MariadbSession s(port, "root", "", "app");
      std::mt19937 rng(7);
      for (int next = kRows + 1; !stop_; ++next) {
        Txn t{static_cast<int>(rng() % kRows) + 1, static_cast<int>(rng() % kRows) + 1,
              static_cast<int64_t>(rng() % 50) + 1, next};
        s.Exec("BEGIN; UPDATE acct SET amount = amount - " + std::to_string(t.amount) +
               " WHERE id = " + std::to_string(t.from) + "; UPDATE acct SET amount = amount + " +
               std::to_string(t.amount) + " WHERE id = " + std::to_string(t.to) +
               "; INSERT INTO acct VALUES (" + std::to_string(next) + ", 0); COMMIT");
        log_.push_back(t);
        ++committed_;
      }
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  std::atomic<bool> stop_{false};
  std::atomic<int> committed_{0};
  std::vector<Txn> log_;
  std::string error_;
  std::thread thread_;
};

void WaitForCommits(const Writer& w, int n) {
  while (w.committed() < n && w.error().empty())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // polling interval
}

void ResetAccounts(const MariadbServer& server) {
  std::string rows;
  for (int i = 1; i <= kRows; ++i)
    rows += (i > 1 ? ",(" : "(") + std::to_string(i) + "," + std::to_string(kStart) + ")";
  server.Exec(
      "DROP TABLE IF EXISTS app.acct; CREATE TABLE app.acct (id int PRIMARY KEY, amount "
      "bigint NOT NULL) ENGINE=InnoDB; INSERT INTO app.acct VALUES " +
      rows);
}

// The table after the first `m` transactions of `log`.
std::map<int, int64_t> StateAfter(const std::vector<Txn>& log, size_t m) {
  std::map<int, int64_t> state;
  for (int i = 1; i <= kRows; ++i) state[i] = kStart;
  for (size_t k = 0; k < m; ++k) {
    state[log[k].from] -= log[k].amount;
    state[log[k].to] += log[k].amount;
    state[log[k].inserted] = 0;
  }
  return state;
}

// Syncs acct with 4 channels as `user` while a writer runs; checks that what
// arrived is one instant of the writer's history. Returns strata's stderr.
std::string SyncWhileWriting(const MariadbServer& server, const std::string& user,
                             const std::string& password) {
  ResetAccounts(server);
  MysqlProject p(server, user, password);
  // sleep() in the filter makes each row slow, so the writer keeps committing
  // while the channels read.
  p.Write(SyncNode("acct", "table: acct, where: \"sleep(0.0002) = 0\"", "acct_copy",
                   "    channels: 4\n"));
  Writer writer(server.port());
  WaitForCommits(writer, 20);  // some history before the snapshot
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  writer.Stop();
  EXPECT_EQ(writer.error(), "");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  std::map<int, int64_t> got;
  for (auto& row : p.Rows("select id, amount from acct_copy order by id"))
    got[std::stoi(row[0])] = std::stoll(row[1]);
  size_t m = got.size() - kRows;  // one inserted row per visible transaction
  EXPECT_GT(m, 0u);
  EXPECT_LT(m, writer.log().size()) << "no transaction committed during the sync";
  EXPECT_EQ(got, StateAfter(writer.log(), std::min(m, writer.log().size())));
  int64_t total = 0;
  for (auto& [id, amount] : got) total += amount;
  EXPECT_EQ(total, kRows * kStart);
  return r.err;
}

class MysqlSnapshot : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new MariadbServer();
    CreateUsers(*server_);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static MariadbServer* server_;
};
MariadbServer* MysqlSnapshot::server_ = nullptr;

TEST_F(MysqlSnapshot, GlobalReadLockGivesAllChannelsOneInstant) {
  std::string err = SyncWhileWriting(*server_, "etl", kEtlPassword);
  EXPECT_EQ(err.find("warning"), std::string::npos) << err;
}

TEST_F(MysqlSnapshot, WithoutReloadTheBinlogPositionsAgree) {
  std::string err = SyncWhileWriting(*server_, "reader", "reader-pw");
  EXPECT_EQ(err.find("warning"), std::string::npos) << err;
}

TEST_F(MysqlSnapshot, MethodAndLockDurationThroughTheSourceApi) {
  ResetAccounts(*server_);
  Writer writer(server_->port());
  WaitForCommits(writer, 20);
  ReadSpec spec;
  spec.table = "acct";
  for (int channels : {2, 4, 8, 16}) {
    MysqlSource etl({"my", server_->Url("etl", "app"), kEtlPassword, "/"});
    etl.Describe(spec);
    EXPECT_EQ(etl.PlanSplits(spec, channels).size(), static_cast<size_t>(channels) + 1);
    auto snap = etl.snapshot();
    EXPECT_EQ(snap->method(), strata::MysqlSnapshot::Method::kGlobalReadLock);
    EXPECT_EQ(snap->size(), channels);
    // Reported, not asserted: how long writes waited (docs/sources/mysql.md).
    std::cout << "FLUSH TABLES WITH READ LOCK held " << snap->lock_held().count() << " us for "
              << channels << " channels, writer running\n";
    RecordProperty("lock_us_" + std::to_string(channels),
                   static_cast<int>(snap->lock_held().count()));
  }
  MysqlSource reader({"my", server_->Url("reader", "app"), "reader-pw", "/"});
  reader.PlanSplits(spec, 4);
  EXPECT_EQ(reader.snapshot()->method(), strata::MysqlSnapshot::Method::kBinlogPosition);
  EXPECT_EQ(reader.snapshot()->size(), 4);
  EXPECT_EQ(reader.snapshot()->lock_held().count(), 0);
  writer.Stop();
}

TEST_F(MysqlSnapshot, ALongWriteMakesTheLockGiveWayToTheBinlogCheck) {
  ResetAccounts(*server_);
  std::thread slow([] {
    MariadbSession s(server_->port(), "root", "", "app");
    s.Exec("UPDATE acct SET amount = amount WHERE id = 1 AND sleep(3) = 0");
  });
  while (server_->Scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                         "WHERE INFO LIKE 'UPDATE acct%'") == "0")
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling interval
  ReadSpec spec;
  spec.table = "acct";
  // FLUSH TABLES WITH READ LOCK waits behind the running UPDATE; after 1 s
  // strata gives it up (writes resume) and compares binlog positions.
  MysqlSource waited(
      {"my", server_->Url("etl", "app") + "?snapshot-lock-timeout=1", kEtlPassword, "/"});
  EXPECT_EQ(waited.PlanSplits(spec, 3).size(), 4u);
  EXPECT_EQ(waited.snapshot()->method(), strata::MysqlSnapshot::Method::kBinlogPosition);
  MysqlSource never(
      {"my", server_->Url("etl", "app") + "?snapshot-lock-timeout=0", kEtlPassword, "/"});
  never.PlanSplits(spec, 3);
  EXPECT_EQ(never.snapshot()->method(), strata::MysqlSnapshot::Method::kBinlogPosition);
  slow.join();
}

TEST(MysqlSnapshotNoBinlog, WithNeitherLockNorBinlogOneChannelReadsConsistently) {
  MariadbServer server(MariadbServer::Options{.binlog = false, .extra_args = {}});
  CreateUsers(server);
  std::string err = SyncWhileWriting(server, "reader", "reader-pw");
  EXPECT_NE(err.find("strata: warning: mysql connection 'my' (127.0.0.1:" +
                     std::to_string(server.port()) +
                     "): no consistent snapshot across 4 "
                     "connections"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("reading with 1 channel"), std::string::npos) << err;
  MysqlSource source({"my", server.Url("reader", "app"), "reader-pw", "/"});
  ReadSpec spec;
  spec.table = "acct";
  EXPECT_EQ(source.PlanSplits(spec, 4).size(), 1u);
  EXPECT_EQ(source.snapshot()->method(), strata::MysqlSnapshot::Method::kDegraded);
  // With the lock allowed, the same server gives every channel its connection.
  MysqlSource etl({"my", server.Url("etl", "app"), kEtlPassword, "/"});
  EXPECT_EQ(etl.PlanSplits(spec, 4).size(), 5u);
}

}  // namespace
}  // namespace strata::test
