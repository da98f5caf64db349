// One AMQP 0-9-1 connection to RabbitMQ through rabbitmq-c, for the one thread that uses it:
// login, channels, quorum queue declaration, and the library's replies turned into Status.
#pragma once

#include <amqp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/wakeup_fd.h"
#include "queue/rabbitmq/rabbitmq_queue.h"

namespace pacificsoft::queue::rabbitmq::detail {

class AmqpLink {
 public:
  // Connects and logs in; Unavailable when the broker cannot be reached.
  static Result<std::unique_ptr<AmqpLink>> open(const RabbitMqOptions& options);
  ~AmqpLink();
  AmqpLink(const AmqpLink&) = delete;
  AmqpLink& operator=(const AmqpLink&) = delete;

  amqp_connection_state_t state() const { return state_; }
  int socket() const { return amqp_get_sockfd(state_); }

  Status open_channel(amqp_channel_t channel);
  Status close_channel(amqp_channel_t channel);
  // Declares the durable quorum queue `name` (or checks it, when it exists); its ready messages.
  Result<std::uint32_t> declare_quorum_queue(amqp_channel_t channel, const std::string& name);
  // The outcome of the last synchronous call.
  Status last_reply(std::string_view what) const;

 private:
  explicit AmqpLink(amqp_connection_state_t state) : state_(state) {}

  amqp_connection_state_t state_;
};

// A connection's life on its thread: connects, `serve`s until the connection fails, tells
// `lost` why (also when it could not connect), and connects again after the reconnect pause,
// until `stopping()`. A wake-up cuts the pause short.
void keep_connected(const RabbitMqOptions& options, std::string_view role, const WakeupFd& wakeup,
                    const std::function<bool()>& stopping,
                    const std::function<Status(AmqpLink& link)>& serve,
                    const std::function<void(const Status& why)>& lost);

// Waits up to `timeout_ms` for the broker's socket or the wakeup; true when the socket is
// readable (or failed).
bool wait_for_broker(int socket, const WakeupFd& wakeup, int timeout_ms);

// A library status code (a failed socket write, a time-out) as a Status.
Status library_failure(int code, std::string_view what);

inline amqp_bytes_t bytes_of(std::string_view text) {
  return {text.size(), const_cast<char*>(text.data())};  // NOLINT: the library takes non-const
}

}  // namespace pacificsoft::queue::rabbitmq::detail
