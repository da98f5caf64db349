// The appending side: one connection on its own thread, its channel in confirm mode. Appends
// are published as they come (every one waiting is published before confirms are read, so a
// burst shares the broker's round trips) and reported durable when the broker confirms them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "queue/rabbitmq/internal/amqp_link.h"

namespace pacificsoft::queue::rabbitmq::detail {

class Publisher {
 public:
  explicit Publisher(const RabbitMqOptions& options);
  ~Publisher();  // what waits fails with Unavailable
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Waits until the first connection declared the queues and publishes: ok, or why not within
  // the connect time-out.
  Status wait_until_connected();
  void append(std::uint32_t partition, std::string payload, AppendDone done);
  std::uint64_t ready_messages(std::uint32_t partition) const;

 private:
  struct Waiting {
    std::uint32_t partition;
    std::string payload;
    AppendDone done;
  };

  void run();
  // Publishes and confirms until the connection fails or the publisher stops.
  Status serve(AmqpLink& link);
  Status publish_waiting(AmqpLink& link);
  Status read_confirms(AmqpLink& link);
  void confirm(std::uint64_t tag, bool multiple, const Status& outcome);
  Status count_ready(AmqpLink& link);
  void fail_everything(const Status& why);
  bool stopping() const;

  const RabbitMqOptions options_;
  WakeupFd wakeup_;
  mutable std::mutex mutex_;
  std::condition_variable connection_changed_;  // tells wait_until_connected()
  std::deque<Waiting> waiting_;                 // guarded by mutex_
  bool stopping_ = false;                       // guarded by mutex_
  bool connected_ = false;  // guarded by mutex_: appends fail at once while false
  Status last_failure_;     // guarded by mutex_
  // The publisher thread's: appends published and not yet confirmed, by delivery tag.
  std::map<std::uint64_t, AppendDone> unconfirmed_;
  std::uint64_t next_tag_ = 0;
  std::unique_ptr<std::atomic<std::uint64_t>[]> ready_;
  std::thread thread_;
};

}  // namespace pacificsoft::queue::rabbitmq::detail
