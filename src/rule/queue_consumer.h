// Consumes the queue's partitions: reads a batch, hands each message to the processor, and
// commits the partition's offset only once the whole batch finished, so a crash replays what was
// not finished (at-least-once; the stores' writes are idempotent). A batch that fails is retried
// after a pause, never skipped: a database that is down holds messages in the queue until it
// returns.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "queue/message_queue.h"
#include "rule/msg_processor.h"

namespace pacificsoft::rule {

struct QueueConsumerOptions {
  std::size_t batch_size = 512;
  std::chrono::milliseconds poll_wait{200};
  std::chrono::milliseconds retry_pause{1000};
};

class QueueConsumer {
 public:
  // Starts one thread per partition. The queue and processor outlive it.
  QueueConsumer(queue::MessageQueue& queue, MsgProcessor& processor,
                QueueConsumerOptions options = {});
  ~QueueConsumer();  // stops after the batches in progress
  QueueConsumer(const QueueConsumer&) = delete;
  QueueConsumer& operator=(const QueueConsumer&) = delete;

 private:
  void consume(std::uint32_t partition);
  Status run_batch(const std::vector<queue::Record>& records);

  queue::MessageQueue& queue_;
  MsgProcessor& processor_;
  QueueConsumerOptions options_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace pacificsoft::rule
