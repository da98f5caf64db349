// The single writer of a SQLite file: a bounded queue of write jobs and one thread that commits
// everything queued in one transaction (group commit). Design: docs/formats/timeseries_store.md.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "common/status.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

struct SqliteWriterOptions {
  // Points (a job counts its points, at least 1) the queue holds before save() blocks.
  std::size_t max_queued_points = 200'000;
  // How long a save() waits for room before it is refused with Unavailable.
  std::chrono::milliseconds enqueue_timeout{1000};
};

// Owns the write connection and the writer thread. submit() and run() are thread-safe; the
// work functions, end_transaction and every done callback run on the writer thread.
class SqliteWriter {
 public:
  // Statements of one job, run inside the batch's transaction; an error fails the job alone.
  using Work = std::function<Status(SqliteDb& db)>;

  // `before_commit` runs last in every transaction (its error rolls the batch back);
  // `end_transaction(committed)` is called after every commit or rollback.
  SqliteWriter(std::unique_ptr<SqliteDb> db, Work before_commit,
               std::function<void(bool)> end_transaction, SqliteWriterOptions options);
  // Commits everything queued, calls every done, joins the thread.
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Queues the work; `done` gets the commit's outcome. Blocks while the queue is full, up to
  // the enqueue timeout, then calls done(Unavailable) on this thread.
  void submit(Work work, std::size_t points, WriteDone done);
  // Queues the work and waits for its commit. On the writer thread (inside a done callback),
  // runs it at once in its own transaction.
  Status run(Work work);

 private:
  struct Job {
    Work work;
    std::size_t points = 1;
    WriteDone done;
  };

  void loop();
  void run_batch(std::span<Job> batch);
  bool on_writer_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

  std::unique_ptr<SqliteDb> db_;  // writer thread only
  Work before_commit_;
  std::function<void(bool)> end_transaction_;
  const SqliteWriterOptions options_;

  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::vector<Job> queue_;         // guarded by mutex_
  std::size_t queued_points_ = 0;  // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  std::thread thread_;             // last: starts once everything above is built
};

}  // namespace pacificsoft::storage::sqlite
