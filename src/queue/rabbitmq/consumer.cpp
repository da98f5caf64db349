// All broker calls run on the consumer's thread; read(), commit() and release() leave their
// wishes in the partitions' state and wake it.
#include "queue/rabbitmq/internal/consumer.h"

#include <algorithm>

#include "common/log.h"
#include "common/thread_name.h"

namespace pacificsoft::queue::rabbitmq::detail {

namespace {

constexpr int kPollMs = 100;
constexpr std::uint32_t kMaxChannel = 2000;  // under the broker's default channel_max, 2047

}  // namespace

Consumer::Consumer(const RabbitMqOptions& options)
    : options_(options), partitions_(options.partitions), thread_([this] {
        name_this_thread("rabbitmq-sub");
        run();
      }) {}

Consumer::~Consumer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.wake();
  thread_.join();
}

bool Consumer::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

Result<std::vector<Record>> Consumer::read(std::uint32_t partition, Offset from,
                                           std::size_t max_records,
                                           std::chrono::milliseconds wait) {
  if (partition >= partitions_.size()) {
    return Status(ErrorCode::kInvalidArgument, "no such partition");
  }
  std::unique_lock lock(mutex_);
  Partition& state = partitions_[partition];
  if (!state.wanted) {
    state.wanted = true;
    wakeup_.wake();
  }
  arrived_.wait_for(lock, wait, [&] { return !state.ready.empty() || stopping_; });
  std::vector<Record> records;
  while (!state.ready.empty() && records.size() < max_records) {
    if (state.ready.front().offset >= from) records.push_back(std::move(state.ready.front()));
    state.ready.pop_front();
  }
  return records;
}

void Consumer::set_arrival_listener(std::uint32_t partition, std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  if (partition < partitions_.size()) partitions_[partition].listener = std::move(listener);
}

Status Consumer::commit(std::uint32_t partition, Offset next) {
  {
    std::lock_guard lock(mutex_);
    if (partition >= partitions_.size()) {
      return {ErrorCode::kInvalidArgument, "no such partition"};
    }
    Partition& state = partitions_[partition];
    while (!state.unacknowledged.empty() && state.unacknowledged.front().offset < next) {
      state.ack_tag = state.unacknowledged.front().tag;
      state.unacknowledged.pop_front();
    }
    state.committed = std::max(state.committed, next);
  }
  wakeup_.wake();
  return Status::ok();
}

Offset Consumer::committed(std::uint32_t partition) const {
  std::lock_guard lock(mutex_);
  return partition < partitions_.size() ? partitions_[partition].committed : 0;
}

// What was delivered and not committed goes back to the queue when the thread closes the
// channel; offsets go on from the last commit for the next consumer here.
void Consumer::release(std::uint32_t partition) {
  {
    std::lock_guard lock(mutex_);
    if (partition >= partitions_.size()) return;
    Partition& state = partitions_[partition];
    state.wanted = false;
    state.reopen = state.channel != 0;
    state.ready.clear();
    state.unacknowledged.clear();  // the acknowledgement owed for committed ones still goes
    state.next_offset = state.committed;
  }
  wakeup_.wake();
}

amqp_channel_t Consumer::next_channel(std::uint32_t partition, Partition& state) const {
  const std::uint32_t span = std::max<std::uint32_t>(1, kMaxChannel / options_.partitions);
  state.incarnation = (state.incarnation + 1) % span;
  return static_cast<amqp_channel_t>(1 + partition + options_.partitions * state.incarnation);
}

void Consumer::run() {
  keep_connected(
      options_, "consumer", wakeup_, [this] { return stopping(); },
      [this](AmqpLink& link) { return serve(link); },
      [this](const Status& /*why*/) { forget_connection(); });
}

Status Consumer::serve(AmqpLink& link) {
  while (!stopping()) {
    wakeup_.clear();
    PS_RETURN_IF_ERROR(follow_wishes(link));
    const bool readable = amqp_frames_enqueued(link.state()) != 0 ||
                          amqp_data_in_buffer(link.state()) != 0 ||
                          wait_for_broker(link.socket(), wakeup_, kPollMs);
    if (readable) PS_RETURN_IF_ERROR(take_deliveries(link));
  }
  return Status::ok();
}

// Closes the channels of partitions released, opens those of partitions being read, and sends
// the acknowledgements owed.
Status Consumer::follow_wishes(AmqpLink& link) {
  for (std::uint32_t partition = 0; partition < options_.partitions; ++partition) {
    amqp_channel_t close = 0;
    amqp_channel_t open = 0;
    amqp_channel_t acked = 0;
    std::uint64_t ack = 0;
    {
      std::lock_guard lock(mutex_);
      Partition& state = partitions_[partition];
      acked = state.channel;  // what was committed is acknowledged before a close
      ack = std::exchange(state.ack_tag, 0);
      if (state.channel != 0 && (!state.wanted || state.reopen)) {
        close = std::exchange(state.channel, 0);
      }
      state.reopen = false;
      if (state.wanted && state.channel == 0) open = state.channel = next_channel(partition, state);
    }
    if (ack != 0 && acked != 0) {
      if (int code = amqp_basic_ack(link.state(), acked, ack, 1); code != AMQP_STATUS_OK) {
        return library_failure(code, "acknowledge");
      }
    }
    if (close != 0) PS_RETURN_IF_ERROR(link.close_channel(close));
    if (open != 0) {
      const std::string queue = options_.queue_prefix + "." + std::to_string(partition);
      PS_RETURN_IF_ERROR(link.open_channel(open));
      amqp_basic_qos(link.state(), open, 0, options_.prefetch, 0);
      PS_RETURN_IF_ERROR(link.last_reply("prefetch"));
      amqp_basic_consume(link.state(), open, bytes_of(queue), amqp_empty_bytes, 0, 0, 0,
                         amqp_empty_table);
      PS_RETURN_IF_ERROR(link.last_reply("consume " + queue));
    }
  }
  return Status::ok();
}

Status Consumer::take_deliveries(AmqpLink& link) {
  timeval none{0, 0};
  while (true) {
    amqp_maybe_release_buffers(link.state());
    amqp_envelope_t envelope;
    const amqp_rpc_reply_t reply = amqp_consume_message(link.state(), &envelope, &none, 0);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
      deliver(envelope.channel, envelope.delivery_tag,
              std::string(static_cast<const char*>(envelope.message.body.bytes),
                          envelope.message.body.len));
      amqp_destroy_envelope(&envelope);
      continue;
    }
    if (reply.reply_type != AMQP_RESPONSE_LIBRARY_EXCEPTION) {
      return Status(ErrorCode::kUnavailable, "rabbitmq: the broker closed a channel");
    }
    if (reply.library_error == AMQP_STATUS_TIMEOUT) return Status::ok();
    if (reply.library_error != AMQP_STATUS_UNEXPECTED_STATE) {
      return library_failure(reply.library_error, "consume");
    }
    // Another frame than a delivery: a channel or connection closing ends this connection.
    amqp_frame_t frame;
    if (int code = amqp_simple_wait_frame_noblock(link.state(), &frame, &none);
        code != AMQP_STATUS_OK && code != AMQP_STATUS_TIMEOUT) {
      return library_failure(code, "consume");
    }
    if (frame.frame_type == AMQP_FRAME_METHOD &&
        (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
         frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)) {
      return Status(ErrorCode::kUnavailable, "rabbitmq: the broker closed the connection");
    }
  }
}

void Consumer::deliver(amqp_channel_t channel, std::uint64_t tag, std::string body) {
  {
    std::lock_guard lock(mutex_);
    Partition& state = partitions_[partition_of(channel)];
    // A closed channel's late delivery: the close gave it back to the queue.
    if (!state.wanted || state.channel != channel) return;
    const Offset offset = state.next_offset++;
    state.ready.push_back({offset, std::move(body)});
    state.unacknowledged.push_back({offset, tag});
    // Under the lock: once set_arrival_listener returns, the listener it replaced is not running.
    if (state.listener) state.listener();
  }
  arrived_.notify_all();
}

// The broker returns what the old connection held; offsets go on, so none is read twice.
void Consumer::forget_connection() {
  std::lock_guard lock(mutex_);
  for (auto& state : partitions_) {
    state.channel = 0;
    state.reopen = false;
    state.ready.clear();
    state.unacknowledged.clear();
    state.ack_tag = 0;
  }
}

}  // namespace pacificsoft::queue::rabbitmq::detail
