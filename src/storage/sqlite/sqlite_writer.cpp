// Group commit: the writer thread takes the whole queue, runs it in one BEGIN IMMEDIATE ...
// COMMIT, then reports to every caller; a failing job is isolated by re-running jobs alone.
#include "storage/sqlite/internal/sqlite_writer.h"

#include <future>

#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {

SqliteWriter::SqliteWriter(std::unique_ptr<SqliteDb> db, Work before_commit,
                           std::function<void(bool)> end_transaction, SqliteWriterOptions options)
    : db_(std::move(db)),
      before_commit_(std::move(before_commit)),
      end_transaction_(std::move(end_transaction)),
      options_(options),
      thread_([this] { loop(); }) {}

SqliteWriter::~SqliteWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_all();
  thread_.join();
}

void SqliteWriter::submit(Work work, std::size_t points, WriteDone done) {
  points = std::max<std::size_t>(points, 1);
  {
    std::unique_lock lock(mutex_);
    // The writer thread must not wait for itself; a job larger than the queue fits when empty.
    auto fits = [&] {
      return queue_.empty() || queued_points_ + points <= options_.max_queued_points;
    };
    if (!on_writer_thread() && !has_room_.wait_for(lock, options_.enqueue_timeout, fits)) {
      lock.unlock();
      if (done) done(Status(ErrorCode::kUnavailable, "telemetry write queue full"));
      return;
    }
    queue_.push_back(Job{std::move(work), points, std::move(done)});
    queued_points_ += points;
  }
  has_work_.notify_one();
}

Status SqliteWriter::run(Work work) {
  if (on_writer_thread()) {
    Status result;
    Job job{std::move(work), 1, [&result](Status status) { result = std::move(status); }};
    run_batch(std::span<Job>(&job, 1));
    return result;
  }
  std::promise<Status> promise;
  auto future = promise.get_future();
  submit(std::move(work), 1, [&promise](Status status) { promise.set_value(std::move(status)); });
  return future.get();
}

void SqliteWriter::loop() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything was committed
      batch.swap(queue_);
      queued_points_ = 0;
    }
    has_room_.notify_all();
    run_batch(batch);
    batch.clear();
  }
}

void SqliteWriter::run_batch(std::span<Job> batch) {
  bool job_failed = false;
  Status status = db_->exec("BEGIN IMMEDIATE");
  if (status) {
    for (auto& job : batch) {
      status = job.work(*db_);
      if (!status) {
        job_failed = true;
        break;
      }
    }
    if (status) status = before_commit_(*db_);
    if (status) status = db_->exec("COMMIT");
  }
  // After a failed BEGIN this answers "no transaction"; after a failed COMMIT it ends it.
  if (!status) (void)db_->exec("ROLLBACK");
  end_transaction_(status.is_ok());
  if (job_failed && batch.size() > 1) {
    // Which job failed may depend on the others (a shared key id): retry each one alone.
    for (auto& job : batch) run_batch(std::span<Job>(&job, 1));
    return;
  }
  for (auto& job : batch) {
    if (job.done) job.done(status);
  }
}

}  // namespace pacificsoft::storage::sqlite
