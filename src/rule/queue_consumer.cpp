#include "rule/queue_consumer.h"

#include <condition_variable>
#include <mutex>

#include "common/log.h"

namespace pacificsoft::rule {
namespace {

// Waits for a batch's messages; the first failure is the batch's.
class BatchLatch {
 public:
  explicit BatchLatch(std::size_t count) : remaining_(count) {}

  void done(const Status& status) {
    std::lock_guard lock(mutex_);
    if (!status && outcome_) outcome_ = status;
    if (--remaining_ == 0) finished_.notify_all();
  }
  Status wait() {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [this] { return remaining_ == 0; });
    return outcome_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable finished_;
  std::size_t remaining_;
  Status outcome_;
};

}  // namespace

QueueConsumer::QueueConsumer(queue::MessageQueue& queue, MsgProcessor& processor,
                             QueueConsumerOptions options)
    : queue_(queue), processor_(processor), options_(options) {
  for (std::uint32_t p = 0; p < queue_.partitions(); ++p) {
    threads_.emplace_back([this, p] { consume(p); });
  }
}

QueueConsumer::~QueueConsumer() {
  stopping_ = true;
  for (auto& thread : threads_) thread.join();
}

void QueueConsumer::consume(std::uint32_t partition) {
  queue::Offset next = queue_.committed(partition);
  while (!stopping_) {
    auto records = queue_.read(partition, next, options_.batch_size, options_.poll_wait);
    if (!records) {
      spdlog::error("queue partition {}: read failed: {}", partition, records.status().to_string());
      std::this_thread::sleep_for(options_.retry_pause);
      continue;
    }
    if (records->empty()) continue;
    Status outcome = run_batch(*records);
    if (!outcome) {
      spdlog::warn("queue partition {}: batch failed, retrying: {}", partition,
                   outcome.to_string());
      std::this_thread::sleep_for(options_.retry_pause);
      continue;
    }
    next = records->back().offset + 1;
    Status committed = queue_.commit(partition, next);
    if (!committed) spdlog::error("queue partition {}: {}", partition, committed.to_string());
  }
}

Status QueueConsumer::run_batch(const std::vector<queue::Record>& records) {
  BatchLatch latch(records.size());
  for (const auto& record : records) {
    auto msg = model::decode_msg(record.payload);
    if (!msg) {  // cannot ever be processed: logged and passed over
      spdlog::error("queue record {} dropped: {}", record.offset, msg.status().message());
      latch.done(Status::ok());
      continue;
    }
    processor_.process(*msg, [&latch](const Status& status) { latch.done(status); });
  }
  return latch.wait();
}

}  // namespace pacificsoft::rule
