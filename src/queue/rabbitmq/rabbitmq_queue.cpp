#include "queue/rabbitmq/rabbitmq_queue.h"

#include "queue/rabbitmq/internal/consumer.h"
#include "queue/rabbitmq/internal/publisher.h"

namespace pacificsoft::queue::rabbitmq {

// Waits for the publisher's first connection, which declares the queues: a broker that cannot
// be reached (or refuses the login) fails the start with its reason, not a silent retry loop.
Result<std::unique_ptr<RabbitMqQueue>> RabbitMqQueue::open(const RabbitMqOptions& options) {
  auto publisher = std::make_unique<detail::Publisher>(options);
  PS_RETURN_IF_ERROR(publisher->wait_until_connected());
  return std::unique_ptr<RabbitMqQueue>(new RabbitMqQueue(
      options.partitions, std::move(publisher), std::make_unique<detail::Consumer>(options)));
}

RabbitMqQueue::RabbitMqQueue(std::uint32_t partitions, std::unique_ptr<detail::Publisher> publisher,
                             std::unique_ptr<detail::Consumer> consumer)
    : partitions_(partitions), publisher_(std::move(publisher)), consumer_(std::move(consumer)) {}

RabbitMqQueue::~RabbitMqQueue() = default;

void RabbitMqQueue::append(std::uint32_t partition, std::string payload, AppendDone done) {
  if (partition >= partitions_) {
    done(Status(ErrorCode::kInvalidArgument, "no such partition"));
    return;
  }
  publisher_->append(partition, std::move(payload), std::move(done));
}

Result<std::vector<Record>> RabbitMqQueue::read(std::uint32_t partition, Offset from,
                                                std::size_t max_records,
                                                std::chrono::milliseconds wait) {
  return consumer_->read(partition, from, max_records, wait);
}

void RabbitMqQueue::set_arrival_listener(std::uint32_t partition, std::function<void()> listener) {
  consumer_->set_arrival_listener(partition, std::move(listener));
}

Status RabbitMqQueue::commit(std::uint32_t partition, Offset next) {
  return consumer_->commit(partition, next);
}

Offset RabbitMqQueue::committed(std::uint32_t partition) const {
  return consumer_->committed(partition);
}

std::uint64_t RabbitMqQueue::backlog(std::uint32_t partition) const {
  return publisher_->ready_messages(partition);
}

void RabbitMqQueue::release(std::uint32_t partition) { consumer_->release(partition); }

}  // namespace pacificsoft::queue::rabbitmq
