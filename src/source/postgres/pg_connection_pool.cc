#include "source/postgres/pg_connection_pool.h"

namespace strata {

PgLease::~PgLease() {
  if (pool_ && conn_) pool_->Return(std::move(conn_));
}

PgLease PgConnectionPool::Borrow() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return PgLease(shared_from_this(), std::move(conn));
    }
  }
  std::unique_ptr<PgConnection> conn = factory_();
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++opened_;
  }
  return PgLease(shared_from_this(), std::move(conn));
}

void PgConnectionPool::Return(std::unique_ptr<PgConnection> conn) {
  if (!conn->IdleInTransaction()) return;  // closed as `conn` goes out of scope
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(conn));
}

int PgConnectionPool::opened() const {
  std::lock_guard<std::mutex> lock(mu_);
  return opened_;
}

}  // namespace strata
