// Channel 1 publishes (confirm mode); channel 2 counts the queues' ready messages, so its
// synchronous calls never meet the confirms.
#include "queue/rabbitmq/internal/publisher.h"

#include "common/log.h"
#include "common/thread_name.h"

namespace pacificsoft::queue::rabbitmq::detail {

namespace {

constexpr amqp_channel_t kPublishChannel = 1;
constexpr amqp_channel_t kCountChannel = 2;

std::string queue_name(const RabbitMqOptions& options, std::uint32_t partition) {
  return options.queue_prefix + "." + std::to_string(partition);
}

}  // namespace

Publisher::Publisher(const RabbitMqOptions& options)
    : options_(options),
      ready_(std::make_unique<std::atomic<std::uint64_t>[]>(options.partitions)),
      thread_([this] {
        name_this_thread("rabbitmq-pub");
        run();
      }) {}

Publisher::~Publisher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.wake();
  thread_.join();
  fail_everything(Status(ErrorCode::kUnavailable, "rabbitmq: the queue is closing"));
}

void Publisher::append(std::uint32_t partition, std::string payload, AppendDone done) {
  std::unique_lock lock(mutex_);
  if (!connected_ || stopping_) {
    lock.unlock();
    done(Status(ErrorCode::kUnavailable, "rabbitmq: the broker cannot be reached"));
    return;
  }
  waiting_.push_back({partition, std::move(payload), std::move(done)});
  const bool first = waiting_.size() == 1;  // later ones find the thread woken already
  lock.unlock();
  if (first) wakeup_.wake();
}

Status Publisher::wait_until_connected() {
  std::unique_lock lock(mutex_);
  connection_changed_.wait_for(lock, options_.connect_timeout * 2,
                               [this] { return connected_ || !last_failure_; });
  if (connected_) return Status::ok();
  if (!last_failure_) return last_failure_;
  return {ErrorCode::kUnavailable, "rabbitmq: no connection within the connect time-out"};
}

std::uint64_t Publisher::ready_messages(std::uint32_t partition) const {
  return partition < options_.partitions ? ready_[partition].load() : 0;
}

bool Publisher::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void Publisher::run() {
  keep_connected(
      options_, "publisher", wakeup_, [this] { return stopping(); },
      [this](AmqpLink& link) { return serve(link); },
      [this](const Status& why) {
        {
          std::lock_guard lock(mutex_);
          connected_ = false;
          last_failure_ = why;
        }
        connection_changed_.notify_all();
        fail_everything(why);
      });
}

Status Publisher::serve(AmqpLink& link) {
  PS_RETURN_IF_ERROR(link.open_channel(kPublishChannel));
  amqp_confirm_select(link.state(), kPublishChannel);
  PS_RETURN_IF_ERROR(link.last_reply("confirm mode"));
  PS_RETURN_IF_ERROR(link.open_channel(kCountChannel));
  PS_RETURN_IF_ERROR(count_ready(link));  // declares the queues too
  {
    std::lock_guard lock(mutex_);
    connected_ = true;
  }
  connection_changed_.notify_all();
  next_tag_ = 0;
  auto next_count = std::chrono::steady_clock::now() + options_.backlog_refresh;
  while (!stopping()) {
    wakeup_.clear();
    PS_RETURN_IF_ERROR(publish_waiting(link));
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_count) {
      PS_RETURN_IF_ERROR(count_ready(link));
      next_count = now + options_.backlog_refresh;
    }
    const bool readable =
        amqp_frames_enqueued(link.state()) != 0 || amqp_data_in_buffer(link.state()) != 0 ||
        wait_for_broker(link.socket(), wakeup_,
                        static_cast<int>(std::min<std::int64_t>(options_.backlog_refresh.count(),
                                                                options_.heartbeat.count() * 500)));
    if (readable) PS_RETURN_IF_ERROR(read_confirms(link));
  }
  return Status(ErrorCode::kUnavailable, "rabbitmq: the queue is closing");
}

Status Publisher::publish_waiting(AmqpLink& link) {
  std::deque<Waiting> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(waiting_);
  }
  amqp_basic_properties_t properties{};
  properties._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
  properties.delivery_mode = AMQP_DELIVERY_PERSISTENT;
  while (!batch.empty()) {
    Waiting& next = batch.front();
    const std::string queue = queue_name(options_, next.partition);
    const int code = amqp_basic_publish(link.state(), kPublishChannel, amqp_empty_bytes,
                                        bytes_of(queue), 0, 0, &properties, bytes_of(next.payload));
    if (code != AMQP_STATUS_OK) {
      Status failed = library_failure(code, "publish");
      for (auto& waiting : batch) waiting.done(failed);
      return failed;
    }
    unconfirmed_.emplace(++next_tag_, std::move(next.done));
    batch.pop_front();
  }
  return Status::ok();
}

// Every frame at hand: confirms (basic.ack / basic.nack, one or up to a tag), or the broker
// closing the channel or the connection.
Status Publisher::read_confirms(AmqpLink& link) {
  timeval none{0, 0};
  while (true) {
    amqp_frame_t frame;
    const int code = amqp_simple_wait_frame_noblock(link.state(), &frame, &none);
    if (code == AMQP_STATUS_TIMEOUT) return Status::ok();
    if (code != AMQP_STATUS_OK) return library_failure(code, "confirms");
    if (frame.frame_type != AMQP_FRAME_METHOD) continue;
    switch (frame.payload.method.id) {
      case AMQP_BASIC_ACK_METHOD: {
        const auto* ack = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
        confirm(ack->delivery_tag, ack->multiple != 0, Status::ok());
        break;
      }
      case AMQP_BASIC_NACK_METHOD: {
        const auto* nack = static_cast<amqp_basic_nack_t*>(frame.payload.method.decoded);
        confirm(nack->delivery_tag, nack->multiple != 0,
                Status(ErrorCode::kUnavailable, "rabbitmq: the broker refused the message"));
        break;
      }
      case AMQP_CHANNEL_CLOSE_METHOD:
      case AMQP_CONNECTION_CLOSE_METHOD:
        return Status(ErrorCode::kUnavailable, "rabbitmq: the broker closed the connection");
      default:
        break;
    }
  }
}

void Publisher::confirm(std::uint64_t tag, bool multiple, const Status& outcome) {
  auto end = unconfirmed_.upper_bound(tag);
  auto begin = multiple ? unconfirmed_.begin() : unconfirmed_.find(tag);
  if (begin == unconfirmed_.end()) return;
  for (auto it = begin; it != end; ++it) it->second(outcome);
  unconfirmed_.erase(begin, end);
}

Status Publisher::count_ready(AmqpLink& link) {
  for (std::uint32_t partition = 0; partition < options_.partitions; ++partition) {
    auto ready = link.declare_quorum_queue(kCountChannel, queue_name(options_, partition));
    if (!ready) return ready.status();
    ready_[partition] = *ready;
  }
  return Status::ok();
}

void Publisher::fail_everything(const Status& why) {
  std::deque<Waiting> waiting;
  {
    std::lock_guard lock(mutex_);
    waiting.swap(waiting_);
  }
  for (auto& entry : waiting) entry.done(why);
  for (auto& [tag, done] : unconfirmed_) done(why);
  unconfirmed_.clear();
}

}  // namespace pacificsoft::queue::rabbitmq::detail
