// Consumes the queue's partitions. Each partition keeps a window of records read ahead and hands
// them to the processor; messages finish in any order, and the partition's offset is committed
// up to the first unfinished one, so a crash replays what was not finished (at-least-once; the
// stores' writes are idempotent).
//
// Fairness: each tenant may have at most `tenant_in_flight` messages of a partition in the
// processor at once; the rest wait in the tenant's own line while other tenants' messages pass
// them. A tenant whose chain is slow (a runaway script, a delay node, storage it waits on) holds
// its own slots, not the partition.
//
// A message that fails for a reason that may pass (storage down) is retried after a pause,
// never skipped: a database that is down holds messages in the queue until it returns. Its
// tenant's messages not yet handed to the processor wait behind it (those already handed over
// run concurrently; the default chain, with no asynchronous step before its saves, still hands
// them to storage in order).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "queue/message_queue.h"
#include "rule/msg_processor.h"

namespace pacificsoft::rule {

struct QueueConsumerOptions {
  std::size_t window = 16384;  // records read ahead of the committed offset
  // Per tenant and partition; half the window stays for others. A message's slot is held until
  // its saves are committed, so this bounds one tenant's rate at slots / commit time (the store
  // commits 200 ms apart), and a slow commit that uses up the slots holds back the tenant's live
  // updates. How smaller values capped the store: BENCHMARKS.md.
  std::size_t tenant_in_flight = 8192;
  std::chrono::milliseconds poll_wait{200};
  std::chrono::milliseconds retry_pause{1000};
};

class QueueConsumer {
 public:
  // Starts one thread per partition. The queue and processor outlive it.
  QueueConsumer(queue::MessageQueue& queue, MsgProcessor& processor,
                QueueConsumerOptions options = {});
  ~QueueConsumer();  // stops after the messages in the processor finished
  QueueConsumer(const QueueConsumer&) = delete;
  QueueConsumer& operator=(const QueueConsumer&) = delete;

 private:
  class Partition;

  queue::MessageQueue& queue_;
  MsgProcessor& processor_;
  QueueConsumerOptions options_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Partition>> partitions_;
  std::vector<std::thread> threads_;
};

}  // namespace pacificsoft::rule
