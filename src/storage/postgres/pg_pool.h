// A small pool of PostgreSQL connections: opened on demand up to a limit, checked when taken,
// dropped when they fail, so a database that went away is reconnected on the next use.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {

struct PgPoolOptions {
  std::string url;  // libpq URI or key=value string
  int size = 4;     // connections open at most (> 0)
  // How long acquire() waits for a connection another thread holds before Unavailable.
  std::chrono::milliseconds acquire_timeout{10000};
};

class PgPool;

// A connection taken from the pool; goes back (or is dropped when broken) on destruction.
class PgLease {
 public:
  PgLease(PgPool& pool, std::unique_ptr<PgConnection> conn)
      : pool_(&pool), conn_(std::move(conn)) {}
  PgLease(PgLease&& other) noexcept = default;
  PgLease& operator=(PgLease&&) = delete;
  PgLease(const PgLease&) = delete;
  PgLease& operator=(const PgLease&) = delete;
  ~PgLease();

  PgConnection& operator*() const { return *conn_; }
  PgConnection* operator->() const { return conn_.get(); }

 private:
  PgPool* pool_;
  std::unique_ptr<PgConnection> conn_;
};

// Thread-safe.
class PgPool {
 public:
  explicit PgPool(PgPoolOptions options) : options_(std::move(options)) {}

  // An open connection: an idle one that is still alive, or a new one while under the limit.
  // Unavailable when the server cannot be reached or every connection stays busy too long.
  Result<PgLease> acquire();

 private:
  friend class PgLease;
  void release(std::unique_ptr<PgConnection> conn);

  const PgPoolOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
  int open_ = 0;                                     // idle and leased; guarded by mutex_
};

}  // namespace pacificsoft::storage::postgres
