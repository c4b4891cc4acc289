#include "source/mysql/mysql_snapshot.h"

#include "core/error.h"
#include "source/mysql/mysql_binlog_position.h"

namespace strata {
namespace {

constexpr char kStart[] = "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";
constexpr int kBinlogAttempts = 100;
constexpr unsigned kFirstClientError = 2000;  // CR_* codes: the connection itself failed

using Clock = std::chrono::steady_clock;

// Releases the global read lock if the snapshot steps fail half way.
class UnlockGuard {
 public:
  explicit UnlockGuard(MysqlConnection& control) : control_(&control) {}
  ~UnlockGuard() {
    if (!control_) return;
    try {
      control_->Exec("UNLOCK TABLES");
    } catch (const Error&) {
      // The lock dies with the session anyway.
    }
  }
  void Unlock() {
    MysqlConnection* c = control_;
    control_ = nullptr;
    c->Exec("UNLOCK TABLES");
  }

 private:
  MysqlConnection* control_;
};

// The binlog position a connection's snapshot corresponds to, "" if unknown.
std::string SnapshotPosition(MysqlConnection& conn) {
  std::optional<ChangePosition> p = MysqlSnapshotPosition(conn);
  return p ? p->text : "";
}

}  // namespace

MysqlSnapshot::Lease::Lease(std::shared_ptr<MysqlSnapshot> pool,
                            std::unique_ptr<MysqlConnection> conn)
    : pool_(std::move(pool)), conn_(std::move(conn)) {}

MysqlSnapshot::Lease::~Lease() {
  if (conn_) pool_->GiveBack(std::move(conn_), broken_);
}

std::shared_ptr<MysqlSnapshot> MysqlSnapshot::Take(const Connector& connect,
                                                   MysqlConnection& control, int channels,
                                                   unsigned lock_timeout_seconds) {
  std::shared_ptr<MysqlSnapshot> pool(new MysqlSnapshot());
  for (int i = 0; i < std::max(1, channels); ++i) pool->idle_.push_back(connect());
  std::string lock_why, binlog_why;
  if (pool->idle_.size() == 1) {
    pool->idle_[0]->Exec(kStart);
    pool->method_ = Method::kSingle;
  } else if (pool->TryGlobalReadLock(control, lock_timeout_seconds, &lock_why)) {
    pool->method_ = Method::kGlobalReadLock;
  } else if (pool->TryBinlogPositions(&binlog_why)) {
    pool->method_ = Method::kBinlogPosition;
  } else {
    pool->idle_.resize(1);
    pool->idle_[0]->Exec(kStart);
    pool->method_ = Method::kDegraded;
    pool->warning_ = control.Describe() + ": no consistent snapshot across " +
                     std::to_string(channels) +
                     " connections (FLUSH TABLES WITH READ LOCK: " + lock_why + "; " + binlog_why +
                     "), reading with 1 channel";
  }
  pool->size_ = static_cast<int>(pool->idle_.size());
  pool->binlog_position_ = MysqlSnapshotPosition(*pool->idle_[0]);
  return pool;
}

bool MysqlSnapshot::TryGlobalReadLock(MysqlConnection& control, unsigned timeout_seconds,
                                      std::string* why) {
  if (timeout_seconds == 0) {
    *why = "not tried (snapshot-lock-timeout=0)";
    return false;
  }
  control.Exec("SET SESSION lock_wait_timeout = " + std::to_string(timeout_seconds));
  auto t0 = Clock::now();
  try {
    control.Exec("FLUSH TABLES WITH READ LOCK");
  } catch (const Error&) {
    if (control.LastErrno() >= kFirstClientError) throw;
    *why = mysql_error(control.handle());
    return false;
  }
  UnlockGuard guard(control);
  for (auto& c : idle_) c->Exec(kStart);
  guard.Unlock();
  lock_held_ = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
  return true;
}

bool MysqlSnapshot::TryBinlogPositions(std::string* why) {
  for (int attempt = 0; attempt < kBinlogAttempts; ++attempt) {
    for (auto& c : idle_) c->Exec(kStart);
    std::string first = SnapshotPosition(*idle_[0]);
    if (first.empty()) {
      *why = "binlog_snapshot_position: not available (binary log off, or not MariaDB)";
      for (auto& c : idle_) c->Exec("ROLLBACK");
      return false;
    }
    bool same = true;
    for (size_t i = 1; i < idle_.size() && same; ++i) same = SnapshotPosition(*idle_[i]) == first;
    if (same) return true;
    for (auto& c : idle_) c->Exec("ROLLBACK");
  }
  *why = "binlog_snapshot_position: never equal on all connections in " +
         std::to_string(kBinlogAttempts) + " attempts (too many commits)";
  return false;
}

MysqlSnapshot::Lease MysqlSnapshot::Borrow() {
  std::unique_lock<std::mutex> lock(mu_);
  returned_.wait(lock, [this] { return !idle_.empty() || lent_ == 0; });
  if (idle_.empty())
    throw Error("mysql source: every snapshot connection was lost; the sync cannot go on");
  std::unique_ptr<MysqlConnection> conn = std::move(idle_.back());
  idle_.pop_back();
  ++lent_;
  return Lease(shared_from_this(), std::move(conn));
}

void MysqlSnapshot::GiveBack(std::unique_ptr<MysqlConnection> conn, bool broken) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --lent_;
    if (!broken) idle_.push_back(std::move(conn));
  }
  returned_.notify_all();
  // A broken connection is closed here, outside the lock.
}

}  // namespace strata
