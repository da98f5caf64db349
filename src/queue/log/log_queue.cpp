#include "queue/log/log_queue.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/log.h"
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
  std::mutex mutex;  // the log's files and position
  std::unique_ptr<PartitionLog> log;
  // Written under the queue's data_mutex (readers wait on it); read without locks by backlog(),
  // which every append asks and which must never wait for a sync in progress.
  std::atomic<Offset> durable_end{0};
  std::atomic<Offset> committed{0};
};

}  // namespace

struct LogQueue::Impl {
  std::vector<std::unique_ptr<Partition>> partitions;

  std::mutex pending_mutex;
  std::condition_variable pending_cv;
  std::vector<Append> pending;  // guarded by pending_mutex
  bool stopping = false;        // guarded by pending_mutex

  std::mutex data_mutex;  // durable ends; readers wait on data_cv
  std::condition_variable data_cv;
  std::thread writer;

  void write_loop() {
    std::vector<Append> batch;
    for (;;) {
      {
        std::unique_lock lock(pending_mutex);
        pending_cv.wait(lock, [this] { return stopping || !pending.empty(); });
        if (pending.empty()) return;  // stopping with nothing left
        batch.swap(pending);
      }
      write_batch(batch);
      batch.clear();
    }
  }

  // Group commit: every partition's records of the round are written and synced once, then
  // the appends are reported.
  void write_batch(std::vector<Append>& batch) {
    std::vector<std::vector<std::string_view>> by_partition(partitions.size());
    for (const Append& append : batch) by_partition[append.partition].push_back(append.payload);
    std::vector<Status> outcome(partitions.size());
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      if (by_partition[p].empty()) continue;
      Partition& partition = *partitions[p];
      std::lock_guard lock(partition.mutex);
      outcome[p] = partition.log->write(by_partition[p]);
      if (outcome[p]) outcome[p] = partition.log->sync();
      if (!outcome[p]) {
        spdlog::error("queue partition {}: {}", p, outcome[p].to_string());
        continue;  // nothing of it is reported durable; a restart cuts the torn tail
      }
      std::lock_guard data_lock(data_mutex);
      partition.durable_end = partition.log->next_offset();
    }
    data_cv.notify_all();
    for (Append& append : batch) append.done(outcome[append.partition]);
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
    partition->durable_end = (*log)->next_offset();
    partition->committed = (*log)->committed();
    partition->log = std::move(*log);
    impl->partitions.push_back(std::move(partition));
  }
  Impl* raw = impl.get();
  impl->writer = std::thread([raw] { raw->write_loop(); });
  return std::unique_ptr<LogQueue>(new LogQueue(std::move(impl)));
}

LogQueue::~LogQueue() {
  {
    std::lock_guard lock(impl_->pending_mutex);
    impl_->stopping = true;
  }
  impl_->pending_cv.notify_all();
  impl_->writer.join();
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
    impl_->data_cv.wait_for(lock, wait, [&] { return part.durable_end > from; });
    end = part.durable_end;
  }
  if (end <= from) return std::vector<Record>{};
  std::lock_guard lock(part.mutex);
  return part.log->read(from, max_records, end);
}

Status LogQueue::commit(std::uint32_t partition, Offset next) {
  if (partition >= impl_->partitions.size()) {
    return invalid_argument("no queue partition " + std::to_string(partition));
  }
  Partition& part = *impl_->partitions[partition];
  std::lock_guard lock(part.mutex);
  Status written = part.log->commit(next);
  part.committed = part.log->committed();
  return written;
}

Offset LogQueue::committed(std::uint32_t partition) const {
  Partition& part = *impl_->partitions.at(partition);
  std::lock_guard lock(part.mutex);
  return part.log->committed();
}

std::uint64_t LogQueue::backlog(std::uint32_t partition) const {
  const Partition& part = *impl_->partitions.at(partition);
  const Offset end = part.durable_end.load();
  const Offset done = part.committed.load();
  return end > done ? end - done : 0;
}

}  // namespace pacificsoft::queue::log
