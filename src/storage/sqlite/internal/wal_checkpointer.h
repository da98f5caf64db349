// Copies the telemetry WAL back into the database on a thread and connection of its own, so the
// writer's commits never wait for a checkpoint (its next transaction does, see wait_idle).
// SQLite's automatic checkpoint runs inside the commit that crosses its threshold; under load
// that held the writer, every save queued behind it and the queue consumers' slots for
// hundreds of milliseconds on this machine's disk.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

struct WalLimits {
  // WAL pages past which the background checkpoint runs. A larger WAL lets a page that several
  // commits rewrote be copied once: with 10 000 instead of SQLite's 1000 the store wrote about
  // a third less (BENCHMARKS.md).
  int background_pages = 8192;
  // Past this the writer checkpoints itself after its commit. The WAL starts over only once a
  // checkpoint has caught up with the writer, which a background one may not do under load.
  int writer_pages = 65536;
};

class WalCheckpointer {
 public:
  static Result<std::unique_ptr<WalCheckpointer>> open(const std::string& path,
                                                       WalLimits limits = {});
  ~WalCheckpointer();  // after the writer's connection closed: finishes a running checkpoint
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Takes over the checkpoints of the writer's connection (which this must outlive).
  void watch(SqliteDb& writer);
  // Returns once no checkpoint is wanted or running. The writer calls it before it opens a
  // transaction: SQLite starts the WAL over only at the first commit of a transaction begun
  // after a checkpoint caught up, and the writer keeps one open nearly all the time.
  void wait_idle();

 private:
  WalCheckpointer(std::unique_ptr<SqliteDb> db, WalLimits limits);
  void on_commit(SqliteDb& writer, int wal_pages);
  void loop();

  std::unique_ptr<SqliteDb> db_;  // checkpoint thread only
  const WalLimits limits_;
  std::mutex mutex_;
  std::condition_variable wanted_or_stopping_;
  std::condition_variable idle_;
  bool wanted_ = false;    // guarded by mutex_
  bool running_ = false;   // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;     // last: starts once everything above is built
};

}  // namespace pacificsoft::storage::sqlite
