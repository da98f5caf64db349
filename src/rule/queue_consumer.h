// Consumes the queue's partitions this process owns, each from on_assigned() to on_revoked()
// (cluster::PartitionOwnership tells it). Each partition keeps a window of records read ahead
// and hands them to the processor; messages finish in any order, and the partition's offset is
// committed up to the first unfinished one, so a crash replays what was not finished
// (at-least-once; the stores' writes are idempotent).
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

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cluster/partition_ownership.h"
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
  // How long a revoked partition waits for its messages in the processor before it abandons
  // them uncommitted (a delay node may hold one for minutes): the next owner runs them again.
  std::chrono::milliseconds revoke_wait{10000};
};

// on_assigned and on_revoked come one at a time (the ownership's promise); each partition runs on
// a thread of its own.
class QueueConsumer final : public cluster::PartitionListener {
 public:
  // Consumes nothing until a partition is assigned. The queue and processor outlive it.
  QueueConsumer(queue::MessageQueue& queue, MsgProcessor& processor,
                QueueConsumerOptions options = {});
  ~QueueConsumer() override;  // revokes the partitions still assigned
  QueueConsumer(const QueueConsumer&) = delete;
  QueueConsumer& operator=(const QueueConsumer&) = delete;

  void on_assigned(std::uint32_t partition) override;
  // Stops reading, waits up to revoke_wait for the messages in the processor, commits what
  // finished and returns.
  void on_revoked(std::uint32_t partition) override;

 private:
  class Partition;
  struct Running {
    std::unique_ptr<Partition> partition;
    std::thread thread;
  };

  queue::MessageQueue& queue_;
  MsgProcessor& processor_;
  QueueConsumerOptions options_;
  std::mutex mutex_;
  std::map<std::uint32_t, Running> running_;  // guarded by mutex_
};

}  // namespace pacificsoft::rule
