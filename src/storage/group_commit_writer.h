// The single writer of a telemetry backend: a bounded queue of write jobs and one thread that
// runs them in a transaction it keeps open for the commit interval, so that one commit serves
// many callers (group commit). The backend says how a transaction is opened and closed on its
// connection type. Design: docs/formats/timeseries_store.md.
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
#include <utility>
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
  // Opens a transaction; the connection its jobs run on.
  virtual Result<Conn*> begin() = 0;
  // The transaction's last writes, then COMMIT; its error fails every job of it.
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
  // Statements of one job, run inside the open transaction; an error fails the job alone.
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
      // The writer waits for a first job; with a transaction open it drains on its own
      // schedule, so it is woken only for a commit before the interval is up.
      const std::size_t before = open_points_ + queued_points_;
      wake = writer_idle_ || (before < flush_points() && before + points >= flush_points());
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
      run_alone(job);
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

  // Points, queued or run in the open transaction, at which the writer commits before the
  // interval is up, so that submit() does not block while the writer waits.
  std::size_t flush_points() const { return std::max<std::size_t>(max_queued_points_ / 2, 1); }

  // How often the writer takes in what was queued while a transaction is open. Running jobs as
  // they come spreads the writer's work over the commit interval; run all at once before the
  // commit, they held a core for about half of each 200 ms interval, and most of the slow live
  // updates happened during those bursts (BENCHMARKS.md, fifth pass).
  static constexpr std::chrono::milliseconds kDrainPeriod{10};

  // The transaction the writer keeps open between drains, and the jobs run in it.
  struct OpenTransaction {
    Conn* conn = nullptr;  // none open
    std::vector<Job> jobs;
    Clock::time_point commit_due;
  };

  void loop() {
    OpenTransaction open;
    Clock::time_point last_commit;  // the epoch: the first transaction commits at once
    for (;;) {
      std::vector<Job> taken;
      bool commit_now = false;  // stopping, or half the queue's points taken
      {
        std::unique_lock lock(mutex_);
        wait_for_drain(lock, open);
        if (queue_.empty() && open.conn == nullptr) return;  // stopping, all committed
        taken.swap(queue_);
        open_points_ += queued_points_;
        queued_points_ = 0;
        commit_now = stopping_ || open_points_ >= flush_points();
      }
      has_room_.notify_all();
      if (!taken.empty() && !run_in_open_transaction(open, taken, last_commit)) continue;
      const auto now = Clock::now();
      if (open.conn != nullptr && (commit_now || now >= open.commit_due)) {
        last_commit = now;
        commit_open(open);
      }
    }
  }

  // With no transaction open, waits for a first job; with one, for the next drain, its commit
  // time, a queue half full or the stop.
  void wait_for_drain(std::unique_lock<std::mutex>& lock, const OpenTransaction& open) {
    if (open.conn == nullptr) {
      writer_idle_ = true;
      has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      writer_idle_ = false;
      return;
    }
    const auto until = std::min(open.commit_due, Clock::now() + kDrainPeriod);
    has_work_.wait_until(
        lock, until, [&] { return stopping_ || open_points_ + queued_points_ >= flush_points(); });
  }

  // Runs the jobs in the open transaction (opening one if needed). False when the transaction
  // ended instead: it could not open, or a job failed (each job is then run alone, as one
  // job's failure may come from another's writes, such as a shared key id).
  bool run_in_open_transaction(OpenTransaction& open, std::vector<Job>& taken,
                               Clock::time_point last_commit) {
    if (open.conn == nullptr) {
      auto conn = transactions_->begin();
      if (!conn) {
        end_transaction(open, conn.status());
        finish(taken, conn.status());
        return false;
      }
      open.conn = *conn;
      open.commit_due = std::max(last_commit + commit_interval_, Clock::now());
    }
    Status status;
    for (auto& job : taken) {
      if (status) status = job.work(*open.conn);
      open.jobs.push_back(std::move(job));
    }
    if (status) return true;
    end_transaction(open, status);
    std::vector<Job> jobs = std::exchange(open.jobs, {});
    if (jobs.size() > 1 && status.code() != ErrorCode::kUnavailable) {
      for (auto& job : jobs) run_alone(job);
    } else {
      finish(jobs, status);
    }
    return false;
  }

  void commit_open(OpenTransaction& open) {
    Status status = transactions_->commit(*open.conn);
    end_transaction(open, status);
    std::vector<Job> jobs = std::exchange(open.jobs, {});
    finish(jobs, status);
  }

  // Rolls back unless `status` is ok, and leaves no transaction open. Done callbacks may write
  // again (run() on this thread), so they are called only after this.
  void end_transaction(OpenTransaction& open, const Status& status) {
    if (!status) transactions_->rollback(open.conn);
    transactions_->end(status.is_ok());
    open.conn = nullptr;
    std::lock_guard lock(mutex_);
    open_points_ = 0;
  }

  static void finish(std::span<Job> jobs, const Status& status) {
    for (auto& job : jobs) {
      if (job.done) job.done(status);
    }
  }

  // One job in its own transaction: run() on the writer thread, and each job of a failed
  // transaction again.
  void run_alone(Job& job) {
    OpenTransaction alone;
    std::vector<Job> jobs;
    jobs.push_back(std::move(job));
    if (run_in_open_transaction(alone, jobs, Clock::time_point{})) commit_open(alone);
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
  std::size_t open_points_ = 0;    // run in the open transaction; guarded by mutex_
  bool writer_idle_ = false;       // waiting for a first job; guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  std::thread thread_;             // last: starts once everything above is built
};

}  // namespace pacificsoft::storage
