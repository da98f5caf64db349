#include "queue/rabbitmq/internal/amqp_link.h"

#include <amqp_tcp_socket.h>
#include <poll.h>

#include "common/log.h"

namespace pacificsoft::queue::rabbitmq::detail {

namespace {

constexpr int kFrameMax = 131072;

std::string text_of(amqp_bytes_t bytes) {
  return {static_cast<const char*>(bytes.bytes), bytes.len};
}

}  // namespace

void keep_connected(const RabbitMqOptions& options, std::string_view role, const WakeupFd& wakeup,
                    const std::function<bool()>& stopping,
                    const std::function<Status(AmqpLink& link)>& serve,
                    const std::function<void(const Status& why)>& lost) {
  while (!stopping()) {
    auto link = AmqpLink::open(options);
    const Status served = link ? serve(**link) : link.status();
    lost(served);
    if (stopping()) return;
    spdlog::warn("rabbitmq {}: {}; connecting again", role, served.to_string());
    wakeup.clear();  // only a wake-up from now on (a stop) cuts the pause short
    if (stopping()) return;
    pollfd woken{wakeup.fd(), POLLIN, 0};
    ::poll(&woken, 1, static_cast<int>(options.reconnect_pause.count()));
  }
}

bool wait_for_broker(int socket, const WakeupFd& wakeup, int timeout_ms) {
  pollfd fds[2] = {{socket, POLLIN, 0}, {wakeup.fd(), POLLIN, 0}};
  if (::poll(fds, 2, timeout_ms) <= 0) return false;
  return (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
}

Status library_failure(int code, std::string_view what) {
  return {ErrorCode::kUnavailable,
          "rabbitmq " + std::string(what) + ": " + amqp_error_string2(code)};
}

Result<std::unique_ptr<AmqpLink>> AmqpLink::open(const RabbitMqOptions& options) {
  amqp_connection_state_t state = amqp_new_connection();
  if (state == nullptr) return Status(ErrorCode::kInternal, "rabbitmq: no memory");
  std::unique_ptr<AmqpLink> link(new AmqpLink(state));
  amqp_socket_t* socket = amqp_tcp_socket_new(state);
  if (socket == nullptr) return Status(ErrorCode::kInternal, "rabbitmq: no socket");
  const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(options.connect_timeout);
  timeval timeout{static_cast<time_t>(wait.count() / 1000000),
                  static_cast<suseconds_t>(wait.count() % 1000000)};
  if (int code = amqp_socket_open_noblock(socket, options.host.c_str(), options.port, &timeout);
      code != AMQP_STATUS_OK) {
    return library_failure(code, "connect to " + options.host + ":" + std::to_string(options.port));
  }
  amqp_rpc_reply_t login = amqp_login(
      state, options.vhost.c_str(), 0, kFrameMax, static_cast<int>(options.heartbeat.count()),
      AMQP_SASL_METHOD_PLAIN, options.username.c_str(), options.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) {
    Status failed = link->last_reply("login as " + options.username);
    return Status(ErrorCode::kUnavailable, failed.message());
  }
  return link;
}

AmqpLink::~AmqpLink() {
  amqp_connection_close(state_, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(state_);
}

Status AmqpLink::open_channel(amqp_channel_t channel) {
  amqp_channel_open(state_, channel);
  return last_reply("open channel");
}

Status AmqpLink::close_channel(amqp_channel_t channel) {
  amqp_channel_close(state_, channel, AMQP_REPLY_SUCCESS);
  return last_reply("close channel");
}

// Quorum queues are replicated over the brokers and always durable (CLUSTER.md).
Result<std::uint32_t> AmqpLink::declare_quorum_queue(amqp_channel_t channel,
                                                     const std::string& name) {
  amqp_table_entry_t type;
  type.key = amqp_cstring_bytes("x-queue-type");
  type.value.kind = AMQP_FIELD_KIND_UTF8;
  type.value.value.bytes = amqp_cstring_bytes("quorum");
  const amqp_table_t arguments{1, &type};
  amqp_queue_declare_ok_t* declared =
      amqp_queue_declare(state_, channel, bytes_of(name), 0, 1, 0, 0, arguments);
  if (declared == nullptr) return last_reply("declare queue " + name);
  return declared->message_count;
}

Status AmqpLink::last_reply(std::string_view what) const {
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_);
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return Status::ok();
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return library_failure(reply.library_error, what);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto* closed = static_cast<amqp_channel_close_t*>(reply.reply.decoded);
        return {ErrorCode::kUnavailable, "rabbitmq " + std::string(what) + ": " +
                                             std::to_string(closed->reply_code) + " " +
                                             text_of(closed->reply_text)};
      }
      if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        const auto* closed = static_cast<amqp_connection_close_t*>(reply.reply.decoded);
        return {ErrorCode::kUnavailable, "rabbitmq " + std::string(what) + ": " +
                                             std::to_string(closed->reply_code) + " " +
                                             text_of(closed->reply_text)};
      }
      return {ErrorCode::kUnavailable, "rabbitmq " + std::string(what) + ": refused"};
    default:
      return {ErrorCode::kUnavailable, "rabbitmq " + std::string(what) + ": no reply"};
  }
}

}  // namespace pacificsoft::queue::rabbitmq::detail
