// The queue between the transports and the rule engine: partitions of records (encoded
// messages), appended durably and consumed in order with committed offsets. A message goes to
// partition_of(its originator), so one device's messages stay in order. In a cluster each
// partition has one consuming node at a time (cluster::PartitionOwnership).
//
// The contract, as the embedded log (queue/log) keeps it and a broker (RabbitMQ quorum queues,
// the cluster's backend) can:
// - append: `done` ok only once the record survives a crash (fsync; a publisher confirm).
// - read: a batch from a position. Offsets number a partition's records as its consumer sees
//   them: the log's own positions; a broker's delivery order since the partition was assigned.
// - commit(next): every record below `next` is processed (the log stores the offset; a broker
//   acknowledges the deliveries up to it at once). Consumers commit only a prefix of finished
//   messages, so a per-message acknowledgement is never needed.
// - redelivery: what was read and not committed is read again by the partition's next consumer
//   (the log from committed(); a broker requeues unacknowledged deliveries when the consumer's
//   channel closes), so effects must be idempotent (CLUSTER.md).
// - back-pressure: backlog() is what producers refuse new messages over; read() hands out at
//   most max_records (a broker's prefetch).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/uuid.h"

namespace pacificsoft::queue {

using Offset = std::uint64_t;

struct Record {
  Offset offset = 0;
  std::string payload;
};

// Reports an append durable (ok) or failed; from the queue's writer thread, keep it short.
using AppendDone = std::function<void(Status)>;

// Thread-safe.
class MessageQueue {
 public:
  virtual ~MessageQueue() = default;

  virtual std::uint32_t partitions() const = 0;
  virtual void append(std::uint32_t partition, std::string payload, AppendDone done) = 0;
  // Up to max_records records from `from` on, waiting up to `wait` for the first one; an empty
  // result on time-out. A record may be read before its append is reported durable (a
  // backend says how far it must have got); one that is then lost was never acknowledged.
  virtual Result<std::vector<Record>> read(std::uint32_t partition, Offset from,
                                           std::size_t max_records,
                                           std::chrono::milliseconds wait) = 0;
  // Told (on the queue's thread, keep it short) when records were added to the partition, so a
  // consumer that waits for other news too can wake for them. nullptr removes it; once that
  // returns, no call is in progress.
  virtual void set_arrival_listener(std::uint32_t partition, std::function<void()> listener) = 0;
  // Everything below `next` is processed; a restart resumes there.
  virtual Status commit(std::uint32_t partition, Offset next) = 0;
  virtual Offset committed(std::uint32_t partition) const = 0;
  // Records not yet committed: how far the consumer is behind.
  virtual std::uint64_t backlog(std::uint32_t partition) const = 0;
  // This process stopped consuming the partition (it was revoked): what was read and not
  // committed is for the partition's next consumer. The log needs nothing (reads start from
  // committed()); a broker gets its deliveries back.
  virtual void release(std::uint32_t /*partition*/) {}
};

// The partition of a message from this originator.
std::uint32_t partition_of(const Uuid& originator, std::uint32_t partitions);

}  // namespace pacificsoft::queue
