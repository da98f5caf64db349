// The single writer of a telemetry backend: a bounded queue of write jobs and one thread that
// runs everything queued in one transaction (group commit). The backend says how a transaction
// is opened and closed on its connection type. Design: docs/formats/timeseries_store.md.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "common/status.h"
#include "common/thread_name.h"
#include "storage/telemetry_rules.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage {

// A backend's transactions on connection type Conn. Writer thread only.
template <typename Conn>
class WriterTransactions {
 public:
  virtual ~WriterTransactions() = default;
  // Opens a transaction; the connection the batch's jobs run on.
  virtual Result<Conn*> begin() = 0;
  // The batch's last writes, then COMMIT; its error fails the whole batch.
  virtual Status commit(Conn& conn) = 0;
  // After a failed begin (conn null), job or commit.
  virtual void rollback(Conn* conn) = 0;
  // After every commit or rollback.
  virtual void end(bool committed) = 0;
};

// submit() and run() are thread-safe; work functions, transactions and every done callback run
// on the writer thread.
template <typename Conn>
class GroupCommitWriter {
 public:
  // Statements of one job, run inside the batch's transaction; an error fails the job alone.
  using Work = std::function<Status(Conn& conn)>;

  GroupCommitWriter(std::unique_ptr<WriterTransactions<Conn>> transactions,
                    const TelemetryWriteOptions& options)
      : transactions_(std::move(transactions)),
        max_queued_points_(options.max_queued_points),
        enqueue_timeout_(options.enqueue_timeout),
        commit_interval_(options.commit_interval),
        thread_([this] {
          name_this_thread("telemetry-write");
          loop();
        }) {}
  // Commits everything queued, calls every done, joins the thread.
  ~GroupCommitWriter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    has_work_.notify_all();
    thread_.join();
  }
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues the work (a job counts its points, at least 1); `done` gets the commit's outcome.
  // Blocks while the queue is full, up to the enqueue timeout, then calls done(Unavailable) on
  // this thread. A job larger than the queue fits when the queue is empty.
  void submit(Work work, std::size_t points, WriteDone done) {
    points = std::max<std::size_t>(points, 1);
    bool wake = false;
    {
      std::unique_lock lock(mutex_);
      // The writer thread must not wait for itself.
      auto fits = [&] { return queue_.empty() || queued_points_ + points <= max_queued_points_; };
      if (!on_writer_thread() && !has_room_.wait_for(lock, enqueue_timeout_, fits)) {
        lock.unlock();
        if (done) done(Status(ErrorCode::kUnavailable, "telemetry write queue full"));
        return;
      }
      // The writer waits for a first job, then (between commits) for a queue half full.
      wake = queue_.empty() || queued_points_ + points >= flush_points();
      queue_.push_back(Job{std::move(work), points, std::move(done)});
      queued_points_ += points;
    }
    if (wake) has_work_.notify_one();
  }

  // Queues the work and waits for its commit. On the writer thread (inside a done callback),
  // runs it at once in its own transaction.
  Status run(Work work) {
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

 private:
  struct Job {
    Work work;
    std::size_t points = 1;
    WriteDone done;
  };

  using Clock = std::chrono::steady_clock;

  // Queued points at which the writer stops waiting out the commit interval, so that submit()
  // does not block while the writer sleeps.
  std::size_t flush_points() const { return std::max<std::size_t>(max_queued_points_ / 2, 1); }

  void loop() {
    std::vector<Job> batch;
    Clock::time_point last_batch;  // the epoch: the first job commits at once
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        has_work_.wait_until(lock, last_batch + commit_interval_,
                             [&] { return stopping_ || queued_points_ >= flush_points(); });
        if (queue_.empty()) return;  // stopping, and everything was committed
        batch.swap(queue_);
        queued_points_ = 0;
      }
      has_room_.notify_all();
      last_batch = Clock::now();
      run_batch(batch);
      batch.clear();
    }
  }

  void run_batch(std::span<Job> batch) {
    bool job_failed = false;
    auto conn = transactions_->begin();
    Status status = conn.status();
    if (status) {
      for (auto& job : batch) {
        status = job.work(**conn);
        if (!status) {
          job_failed = true;
          break;
        }
      }
      if (status) status = transactions_->commit(**conn);
    }
    if (!status) transactions_->rollback(conn ? *conn : nullptr);
    transactions_->end(status.is_ok());
    // Which job failed may depend on the others (a shared key id): retry each one alone. Not
    // when the database is unavailable: every job would fail the same way, one by one.
    if (job_failed && batch.size() > 1 && status.code() != ErrorCode::kUnavailable) {
      for (auto& job : batch) run_batch(std::span<Job>(&job, 1));
      return;
    }
    for (auto& job : batch) {
      if (job.done) job.done(status);
    }
  }

  bool on_writer_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

  std::unique_ptr<WriterTransactions<Conn>> transactions_;  // writer thread only
  const std::size_t max_queued_points_;
  const std::chrono::milliseconds enqueue_timeout_;
  const std::chrono::milliseconds commit_interval_;

  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::vector<Job> queue_;         // guarded by mutex_
  std::size_t queued_points_ = 0;  // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  std::thread thread_;             // last: starts once everything above is built
};

}  // namespace pacificsoft::storage
