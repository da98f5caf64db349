// Connection hand-out, liveness check and reconnection.
#include "storage/postgres/pg_pool.h"

namespace pacificsoft::storage::postgres {

PgLease::~PgLease() {
  if (conn_) pool_->release(std::move(conn_));
}

Result<PgLease> PgPool::acquire() {
  std::unique_lock lock(mutex_);
  bool ready = available_.wait_for(lock, options_.acquire_timeout,
                                   [this] { return !idle_.empty() || open_ < options_.size; });
  if (!ready) {
    return Status{ErrorCode::kUnavailable,
                  "PostgreSQL: all " + std::to_string(options_.size) +
                      " pooled connections stayed busy; raise POSTGRES_POOL_SIZE?"};
  }
  while (!idle_.empty()) {
    std::unique_ptr<PgConnection> conn = std::move(idle_.back());
    idle_.pop_back();
    if (conn->check_idle()) return PgLease(*this, std::move(conn));
    // The server closed it meanwhile (restart, terminated backend): replace it below.
    --open_;
  }
  ++open_;
  lock.unlock();
  // Connecting takes a round trip or a timeout: never under the lock.
  auto conn = PgConnection::connect(options_.url);
  if (!conn) {
    lock.lock();
    --open_;
    available_.notify_one();
    return conn.status();
  }
  return PgLease(*this, std::move(*conn));
}

void PgPool::release(std::unique_ptr<PgConnection> conn) {
  // A broken connection, or one left inside a transaction by a failed ROLLBACK, is not reused.
  bool reusable = conn->is_open() && conn->is_idle_in_no_transaction();
  if (!reusable) conn.reset();
  std::lock_guard lock(mutex_);
  if (reusable) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  available_.notify_one();
}

}  // namespace pacificsoft::storage::postgres
