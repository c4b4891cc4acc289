#pragma once
// PgConnectionPool keeps the channel connections of one PostgresSource, all
// inside the source's snapshot. Borrow() hands out an idle one or opens a new
// one with the factory (outside the lock, so channels connect in parallel);
// the PgLease gives it back when destroyed, but only if it is still idle in
// its transaction: a connection left mid-COPY or broken is closed instead.
// Thread-safe. Leases hold the pool by shared_ptr, so a lease may outlive the
// source that made it.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "source/postgres/pg_connection.h"

namespace strata {

class PgConnectionPool;

// One borrowed connection; move-only.
class PgLease {
 public:
  PgLease(std::shared_ptr<PgConnectionPool> pool, std::unique_ptr<PgConnection> conn)
      : pool_(std::move(pool)), conn_(std::move(conn)) {}
  PgLease(PgLease&&) = default;
  PgLease& operator=(PgLease&&) = delete;
  ~PgLease();

  PgConnection& operator*() const { return *conn_; }
  PgConnection* operator->() const { return conn_.get(); }

 private:
  std::shared_ptr<PgConnectionPool> pool_;
  std::unique_ptr<PgConnection> conn_;
};

class PgConnectionPool : public std::enable_shared_from_this<PgConnectionPool> {
 public:
  using Factory = std::function<std::unique_ptr<PgConnection>()>;
  explicit PgConnectionPool(Factory factory) : factory_(std::move(factory)) {}

  PgLease Borrow();
  // Takes `conn` back if it can serve another split; closes it otherwise.
  void Return(std::unique_ptr<PgConnection> conn);
  // Connections opened so far (for tests and logs).
  int opened() const;

 private:
  Factory factory_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int opened_ = 0;
};

}  // namespace strata
