// The queue on RabbitMQ, for a cluster (CLUSTER.md): one durable quorum queue per partition
// (replicated over the brokers), persistent messages, publisher confirms before an append is
// reported durable, the broker's prefetch as the consumer's window, and acknowledgement once
// the consumer commits. What was delivered and not committed goes back to the queue when its
// consumer releases the partition or loses its connection, and is delivered again (effects are
// idempotent). While the broker cannot be reached appends fail at once with Unavailable, so
// transports answer "server busy", and both sides reconnect on their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "queue/message_queue.h"

namespace pacificsoft::queue::rabbitmq {

namespace detail {
class Publisher;
class Consumer;
}  // namespace detail

struct RabbitMqOptions {
  std::string host = "localhost";  // RABBITMQ_HOST
  int port = 5672;                 // RABBITMQ_PORT
  std::string username = "guest";  // RABBITMQ_USERNAME
  std::string password = "guest";  // RABBITMQ_PASSWORD
  std::string vhost = "/";         // RABBITMQ_VHOST
  // Partition p is the queue "<queue_prefix>.<p>".
  std::string queue_prefix = "pacificsoft.rule-engine";
  std::uint32_t partitions = 4;  // QUEUE_PARTITIONS
  std::uint16_t prefetch = 256;  // deliveries a partition's consumer holds unacknowledged
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::seconds heartbeat{10};
  std::chrono::milliseconds reconnect_pause{1000};
  std::chrono::milliseconds backlog_refresh{1000};  // how often backlog() is counted again
};

// Thread-safe.
class RabbitMqQueue final : public MessageQueue {
 public:
  // Connects and declares the partitions' queues; Unavailable when the broker cannot be reached.
  static Result<std::unique_ptr<RabbitMqQueue>> open(const RabbitMqOptions& options);
  ~RabbitMqQueue() override;  // appends still waiting for a confirm fail with Unavailable
  RabbitMqQueue(const RabbitMqQueue&) = delete;
  RabbitMqQueue& operator=(const RabbitMqQueue&) = delete;

  std::uint32_t partitions() const override { return partitions_; }
  void append(std::uint32_t partition, std::string payload, AppendDone done) override;
  // Offsets number the deliveries since this process started consuming the partition.
  Result<std::vector<Record>> read(std::uint32_t partition, Offset from, std::size_t max_records,
                                   std::chrono::milliseconds wait) override;
  void set_arrival_listener(std::uint32_t partition, std::function<void()> listener) override;
  Status commit(std::uint32_t partition, Offset next) override;
  Offset committed(std::uint32_t partition) const override;
  // Messages in the partition's queue not yet delivered, as last counted.
  std::uint64_t backlog(std::uint32_t partition) const override;
  void release(std::uint32_t partition) override;

 private:
  RabbitMqQueue(std::uint32_t partitions, std::unique_ptr<detail::Publisher> publisher,
                std::unique_ptr<detail::Consumer> consumer);

  const std::uint32_t partitions_;
  std::unique_ptr<detail::Publisher> publisher_;
  std::unique_ptr<detail::Consumer> consumer_;
};

}  // namespace pacificsoft::queue::rabbitmq
