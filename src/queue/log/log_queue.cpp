#include "queue/log/log_queue.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/log.h"
#include "common/thread_name.h"
#include "queue/log/internal/partition_log.h"

namespace pacificsoft::queue::log {
namespace fs = std::filesystem;
using detail::PartitionLog;

namespace {

struct Append {
  std::uint32_t partition;
  std::string payload;
  AppendDone done;
};

struct Partition {
  std::mutex mutex;  // the log's segments and positions; not held while syncing
  std::unique_ptr<PartitionLog> log;
  // The end of the written records. Readers take a record once it is written: it is in the
  // page cache then and survives a crash of this process; only its append's acknowledgement
  // waits for the sync (a record lost with the machine was never acknowledged, its device
  // sends it again). So the rule engine's work, and the live updates it makes, never wait for
  // the disk. Written under the queue's data_mutex (readers wait on it); read without locks by
  // backlog(), which every append asks and which must never wait for a sync in progress.
  std::atomic<Offset> written_end{0};
  std::atomic<Offset> committed{0};
  std::function<void()> arrival_listener;  // guarded by the queue's data_mutex, called under it
};

}  // namespace

// An append written (or failed to be), waiting for its partition's sync to be reported.
struct Written {
  std::uint32_t partition;
  Status status;
  AppendDone done;
};

// Two threads pipeline the group commit: the writer writes each round's records and offers them
// to the readers at once; the syncer syncs the partitions written meanwhile and reports those
// appends durable. A round is written while the previous one is being synced, so neither the
// readers nor the next writes wait for the disk.
struct LogQueue::Impl {
  std::vector<std::unique_ptr<Partition>> partitions;

  std::mutex pending_mutex;
  std::condition_variable pending_cv;
  std::vector<Append> pending;  // guarded by pending_mutex
  bool stopping = false;        // guarded by pending_mutex

  std::mutex written_mutex;
  std::condition_variable written_cv;
  std::vector<Written> written;  // guarded by written_mutex
  bool writer_done = false;      // guarded by written_mutex

  std::mutex data_mutex;  // written ends; readers wait on data_cv
  std::condition_variable data_cv;
  std::thread writer;
  std::thread syncer;

  void write_loop() {
    std::vector<Append> batch;
    for (;;) {
      {
        std::unique_lock lock(pending_mutex);
        pending_cv.wait(lock, [this] { return stopping || !pending.empty(); });
        if (pending.empty()) break;  // stopping with nothing left
        batch.swap(pending);
      }
      write_batch(batch);
      batch.clear();
    }
    std::lock_guard lock(written_mutex);
    writer_done = true;
    written_cv.notify_one();
  }

  void write_batch(std::vector<Append>& batch) {
    std::vector<std::vector<std::string_view>> by_partition(partitions.size());
    for (const Append& append : batch) by_partition[append.partition].push_back(append.payload);
    std::vector<Status> outcome(partitions.size());
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      if (!by_partition[p].empty()) outcome[p] = write_partition(p, by_partition[p]);
    }
    data_cv.notify_all();
    std::lock_guard lock(written_mutex);
    for (Append& append : batch) {
      written.push_back({append.partition, outcome[append.partition], std::move(append.done)});
    }
    written_cv.notify_one();
  }

  Status write_partition(std::size_t p, const std::vector<std::string_view>& payloads) {
    Partition& partition = *partitions[p];
    std::lock_guard lock(partition.mutex);
    Status status = partition.log->write(payloads);
    if (!status) {
      spdlog::error("queue partition {}: {}", p, status.to_string());
      return status;  // nothing of it is offered; a restart cuts the torn tail
    }
    std::lock_guard data_lock(data_mutex);
    partition.written_end = partition.log->next_offset();
    if (partition.arrival_listener) partition.arrival_listener();
    return status;
  }

  void sync_loop() {
    std::vector<Written> round;
    for (;;) {
      {
        std::unique_lock lock(written_mutex);
        written_cv.wait(lock, [this] { return writer_done || !written.empty(); });
        if (written.empty()) return;  // the writer stopped and everything is reported
        round.swap(written);
      }
      sync_round(round);
      round.clear();
    }
  }

  // Every partition written to since the last round is synced once, then its appends reported.
  void sync_round(std::vector<Written>& round) {
    std::vector<char> touched(partitions.size(), 0);
    for (const Written& append : round) touched[append.partition] |= append.status ? 1 : 0;
    std::vector<Status> synced(partitions.size());
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      if (!touched[p]) continue;
      detail::PendingSync sync;
      {
        std::lock_guard lock(partitions[p]->mutex);
        sync = partitions[p]->log->pending_sync();
      }
      synced[p] = sync.run();  // without the lock: readers, commits and writes go on
      if (!synced[p]) spdlog::error("queue partition {}: {}", p, synced[p].to_string());
    }
    for (Written& append : round) {
      append.done(append.status ? synced[append.partition] : append.status);
    }
  }
};

LogQueue::LogQueue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<LogQueue>> LogQueue::open(const std::string& dir, LogQueueOptions options) {
  auto impl = std::make_unique<Impl>();
  for (std::uint32_t p = 0; p < std::max<std::uint32_t>(1, options.partitions); ++p) {
    char name[32];
    std::snprintf(name, sizeof name, "partition-%04u", p);
    auto log = PartitionLog::open(fs::path(dir) / name, options.segment_bytes);
    if (!log) return log.status();
    auto partition = std::make_unique<Partition>();
    partition->written_end = (*log)->next_offset();
    partition->committed = (*log)->committed();
    partition->log = std::move(*log);
    impl->partitions.push_back(std::move(partition));
  }
  Impl* raw = impl.get();
  impl->writer = std::thread([raw] {
    name_this_thread("queue-write");
    raw->write_loop();
  });
  impl->syncer = std::thread([raw] {
    name_this_thread("queue-sync");
    raw->sync_loop();
  });
  return std::unique_ptr<LogQueue>(new LogQueue(std::move(impl)));
}

LogQueue::~LogQueue() {
  {
    std::lock_guard lock(impl_->pending_mutex);
    impl_->stopping = true;
  }
  impl_->pending_cv.notify_all();
  impl_->writer.join();
  impl_->syncer.join();
}

std::uint32_t LogQueue::partitions() const {
  return static_cast<std::uint32_t>(impl_->partitions.size());
}

void LogQueue::append(std::uint32_t partition, std::string payload, AppendDone done) {
  if (partition >= impl_->partitions.size()) {
    done(invalid_argument("no queue partition " + std::to_string(partition)));
    return;
  }
  {
    std::lock_guard lock(impl_->pending_mutex);
    impl_->pending.push_back({partition, std::move(payload), std::move(done)});
  }
  impl_->pending_cv.notify_one();
}

Result<std::vector<Record>> LogQueue::read(std::uint32_t partition, Offset from,
                                           std::size_t max_records,
                                           std::chrono::milliseconds wait) {
  if (partition >= impl_->partitions.size()) {
    return invalid_argument("no queue partition " + std::to_string(partition));
  }
  Partition& part = *impl_->partitions[partition];
  Offset end = 0;
  {
    std::unique_lock lock(impl_->data_mutex);
    impl_->data_cv.wait_for(lock, wait, [&] { return part.written_end > from; });
    end = part.written_end;
  }
  if (end <= from) return std::vector<Record>{};
  std::lock_guard lock(part.mutex);
  return part.log->read(from, max_records, end);
}

void LogQueue::set_arrival_listener(std::uint32_t partition, std::function<void()> listener) {
  std::lock_guard lock(impl_->data_mutex);
  impl_->partitions.at(partition)->arrival_listener = std::move(listener);
}

Status LogQueue::commit(std::uint32_t partition, Offset next) {
  if (partition >= impl_->partitions.size()) {
    return invalid_argument("no queue partition " + std::to_string(partition));
  }
  Partition& part = *impl_->partitions[partition];
  Result<std::vector<fs::path>> retired = std::vector<fs::path>{};
  {
    std::lock_guard lock(part.mutex);
    retired = part.log->commit(next);
    part.committed = part.log->committed();
  }
  if (!retired) return retired.status();
  // Deleting a large file can take a while: outside the lock, so appends go on meanwhile.
  std::error_code ignored;
  for (const fs::path& segment : *retired) fs::remove(segment, ignored);
  return Status::ok();
}

Offset LogQueue::committed(std::uint32_t partition) const {
  Partition& part = *impl_->partitions.at(partition);
  std::lock_guard lock(part.mutex);
  return part.log->committed();
}

std::uint64_t LogQueue::backlog(std::uint32_t partition) const {
  const Partition& part = *impl_->partitions.at(partition);
  const Offset end = part.written_end.load();
  const Offset done = part.committed.load();
  return end > done ? end - done : 0;
}

}  // namespace pacificsoft::queue::log
