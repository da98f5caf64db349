// The consuming side: one connection on its own thread, a channel per partition being read
// (basic.consume with the prefetch as window). Deliveries wait in their partition's buffer for
// read(); commits become acknowledgements (multiple, up to the last delivery committed) that
// the thread sends. A released partition's channel is closed, which returns its unacknowledged
// deliveries to the queue; so does a lost connection, after which the deliveries of the old
// connection are forgotten (they come again, with new offsets). Each channel a partition opens
// has a number of its own, so late deliveries of a closed one are told apart and dropped.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "queue/rabbitmq/internal/amqp_link.h"

namespace pacificsoft::queue::rabbitmq::detail {

class Consumer {
 public:
  explicit Consumer(const RabbitMqOptions& options);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  Result<std::vector<Record>> read(std::uint32_t partition, Offset from, std::size_t max_records,
                                   std::chrono::milliseconds wait);
  void set_arrival_listener(std::uint32_t partition, std::function<void()> listener);
  Status commit(std::uint32_t partition, Offset next);
  Offset committed(std::uint32_t partition) const;
  void release(std::uint32_t partition);

 private:
  struct Delivery {
    Offset offset;
    std::uint64_t tag;
  };
  struct Partition {
    bool wanted = false;            // read() asked for it and no release() came since
    bool reopen = false;            // released: its channel closes, even if read again since
    amqp_channel_t channel = 0;     // the channel consuming it, 0 when none
    std::uint32_t incarnation = 0;  // how many channels it opened
    std::deque<Record> ready;
    std::deque<Delivery> unacknowledged;
    Offset next_offset = 0;
    Offset committed = 0;
    std::uint64_t ack_tag = 0;  // the acknowledgement the thread owes, 0 when none
    std::function<void()> listener;
  };

  void run();
  Status serve(AmqpLink& link);
  Status follow_wishes(AmqpLink& link);
  Status take_deliveries(AmqpLink& link);
  void deliver(amqp_channel_t channel, std::uint64_t tag, std::string body);
  void forget_connection();
  bool stopping() const;
  // A new channel number for the partition: 1 + partition + partitions * k, k cycling.
  amqp_channel_t next_channel(std::uint32_t partition, Partition& state) const;
  std::uint32_t partition_of(amqp_channel_t channel) const {
    return (channel - 1U) % options_.partitions;
  }

  const RabbitMqOptions options_;
  WakeupFd wakeup_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Partition> partitions_;  // guarded by mutex_
  bool stopping_ = false;              // guarded by mutex_
  std::thread thread_;
};

}  // namespace pacificsoft::queue::rabbitmq::detail
