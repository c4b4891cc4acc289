#pragma once
// MysqlSnapshot is a pool of connections that all read the database as of
// one instant: each holds an open REPEATABLE READ transaction started WITH
// CONSISTENT SNAPSHOT, and the snapshots were started together:
//  1. FLUSH TABLES WITH READ LOCK on a control connection, START TRANSACTION
//     WITH CONSISTENT SNAPSHOT on every pooled connection, UNLOCK TABLES:
//     writes wait while the lock is held, and while it waits (at most
//     `lock_timeout_seconds`, as lock_wait_timeout) behind running writes;
//  2. if that lock is refused (no RELOAD privilege, a long query in the way),
//     MariaDB's lock-free check: start the snapshots, compare each one's
//     binlog_snapshot_file/position, and start again until all are equal
//     (needs the binary log);
//  3. if neither works, the pool keeps one connection (and says why in
//     warning()), so a sync reads with one channel, still consistently.
// A pool of one needs neither: one transaction is consistent by itself.
// Only transactional tables (InnoDB) are covered by the snapshot.
//
// Ownership: the pool owns its connections and closes them (ending the
// transactions) when the last reference goes. A Lease lends one connection;
// destroying the lease gives it back, or drops it if marked broken.
// Thread-safety: Borrow and Lease destruction are safe from any thread.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "source/change_stream.h"
#include "source/mysql/mysql_connection.h"

namespace strata {

class MysqlSnapshot : public std::enable_shared_from_this<MysqlSnapshot> {
 public:
  using Connector = std::function<std::unique_ptr<MysqlConnection>()>;
  enum class Method { kSingle, kGlobalReadLock, kBinlogPosition, kDegraded };

  class Lease {
   public:
    Lease(std::shared_ptr<MysqlSnapshot> pool, std::unique_ptr<MysqlConnection> conn);
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    MysqlConnection& conn() { return *conn_; }
    // The connection must not be reused (lost, or in the middle of a result).
    void MarkBroken() { broken_ = true; }

   private:
    std::shared_ptr<MysqlSnapshot> pool_;
    std::unique_ptr<MysqlConnection> conn_;
    bool broken_ = false;
  };

  // Opens `channels` connections with `connect` and starts one snapshot on
  // all of them; `control` (not pooled, not in a transaction) takes the lock,
  // waiting at most `lock_timeout_seconds` for it (0: do not take it).
  static std::shared_ptr<MysqlSnapshot> Take(const Connector& connect, MysqlConnection& control,
                                             int channels, unsigned lock_timeout_seconds);

  // Lends an idle connection, waiting while all are lent. Throws Error once
  // every connection has been lost.
  Lease Borrow();

  int size() const { return size_; }
  Method method() const { return method_; }
  // How long writes were blocked by FLUSH TABLES WITH READ LOCK (0 if not used).
  std::chrono::microseconds lock_held() const { return lock_held_; }
  // The binlog position the snapshot shows the database at (MariaDB's
  // binlog_snapshot_file/position), where a change stream of a table read in
  // this snapshot starts; nullopt when the server does not say (binary log
  // off, or MySQL).
  const std::optional<ChangePosition>& binlog_position() const { return binlog_position_; }
  // Why the pool fell back to one connection; empty if it did not.
  const std::string& warning() const { return warning_; }

 private:
  MysqlSnapshot() = default;
  void GiveBack(std::unique_ptr<MysqlConnection> conn, bool broken);
  bool TryGlobalReadLock(MysqlConnection& control, unsigned timeout_seconds, std::string* why);
  bool TryBinlogPositions(std::string* why);

  std::vector<std::unique_ptr<MysqlConnection>> idle_;
  int size_ = 0;
  int lent_ = 0;
  Method method_ = Method::kSingle;
  std::chrono::microseconds lock_held_{0};
  std::string warning_;
  std::optional<ChangePosition> binlog_position_;
  std::mutex mu_;
  std::condition_variable returned_;
};

}  // namespace strata
