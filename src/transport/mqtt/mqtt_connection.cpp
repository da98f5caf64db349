// The protocol half of a connection; mqtt_streams.cpp holds the byte streams.
#include "transport/mqtt/internal/mqtt_connection.h"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "common/answer_hand_off.h"
#include "common/log.h"
#include "common/uuid.h"

namespace pacificsoft::transport::mqtt::detail {
namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::chrono::seconds kCloseGrace{5};  // for a goodbye the peer does not read
constexpr std::size_t kKeptBufferCapacity = 4096;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Idle connections keep no large buffers.
void release(std::string& buffer) {
  buffer.clear();
  if (buffer.capacity() > kKeptBufferCapacity) buffer.shrink_to_fit();
}

// The reasons an MQTT 5 PUBACK may carry for a publish refused without closing (the reference:
// unknown topic, bad payload); any other failure closes the connection.
bool answered_in_puback(Reason reason) {
  switch (reason) {
    case Reason::kTopicNameInvalid:
    case Reason::kPayloadFormatInvalid:
    case Reason::kNotAuthorized:
    case Reason::kQuotaExceeded:
      return true;
    default:
      return false;
  }
}

// The reason string of a DISCONNECT: readable in client logs, and some clients (Paho 1.6) read
// the reason code only from a DISCONNECT that carries properties.
std::string_view reason_text(Reason reason) {
  switch (reason) {
    case Reason::kMalformedPacket:
      return "malformed packet";
    case Reason::kProtocolError:
      return "protocol error";
    case Reason::kKeepAliveTimeout:
      return "keep-alive time-out";
    case Reason::kSessionTakenOver:
      return "another connection of this device took over";
    case Reason::kPacketTooLarge:
      return "packet too large";
    case Reason::kPayloadFormatInvalid:
      return "payload format invalid";
    case Reason::kMessageRateTooHigh:
      return "message rate too high";
    case Reason::kQuotaExceeded:
      return "quota exceeded";
    case Reason::kServerUnavailable:
      return "server unavailable";
    case Reason::kQosNotSupported:
      return "QoS 2 is not supported";
    case Reason::kTopicAliasInvalid:
      return "topic aliases are not supported";
    default:
      return "connection closed by the server";
  }
}

Properties connack_properties(const MqttServerOptions& options, bool assign_client_id) {
  Properties properties;
  properties.maximum_qos = 1;
  properties.retain_available = 0;
  properties.shared_subscription_available = 0;
  properties.subscription_identifier_available = 0;
  properties.maximum_packet_size = options.max_packet_size;
  properties.receive_maximum = options.max_inflight;
  if (assign_client_id) properties.assigned_client_identifier = Uuid::random().to_string();
  return properties;
}

}  // namespace

Connection::Connection(asio::any_io_executor executor, const ServerContext& context,
                       ConnectionSet& set)
    : executor_(std::move(executor)),
      context_(context),
      set_(set),
      timer_(executor_),
      last_packet_(SteadyClock::now()) {}

// Normally finish() ran long before; this only guards against a connection dropped unfinished.
Connection::~Connection() {
  if (state_ != State::kClosed) set_.remove(this);
}

void Connection::start() {
  set_.add(this);
  arm_timer(context_.options.connect_timeout);
  open_stream();
}

void Connection::on_stream_ready(PeerInfo peer) {
  if (state_ != State::kHandshake) return;
  peer_ = std::move(peer);
  state_ = State::kAwaitConnect;
  read_more();
}

bool Connection::reading_wanted() const {
  return (state_ == State::kAwaitConnect || state_ == State::kConnected) &&
         inflight_publishes_ < context_.options.max_inflight;
}

void Connection::read_more() {
  if (read_in_flight_ || !reading_wanted()) return;
  read_in_flight_ = true;
  start_read();
}

void Connection::on_bytes(std::string_view bytes) {
  read_in_flight_ = false;
  std::string_view buffer = bytes;
  if (!pending_.empty()) {
    pending_.append(bytes);
    buffer = pending_;
  }
  std::size_t used = 0;
  while (state_ == State::kAwaitConnect || state_ == State::kConnected) {
    FrameHeader header;
    auto frame = peek_frame(buffer.substr(used), context_.options.max_packet_size, header);
    if (frame == FrameStatus::kNeedMore) break;
    if (frame != FrameStatus::kComplete) {
      close_after_write(frame == FrameStatus::kTooLarge ? Reason::kPacketTooLarge
                                                        : Reason::kMalformedPacket);
      break;
    }
    auto decoded = decode_packet(buffer.substr(used, header.frame_size()), version_);
    used += header.frame_size();
    if (const Reason* refused = std::get_if<Reason>(&decoded)) {
      spdlog::debug("mqtt {}: refused packet: 0x{:02x}", peer_.address, int(*refused));
      close_after_write(*refused);
      break;
    }
    handle(std::get<Packet>(decoded));
  }
  if (state_ == State::kClosing || state_ == State::kClosed) return;
  if (buffer.data() == pending_.data()) {
    pending_.erase(0, used);
  } else {
    pending_.assign(buffer.substr(used));
  }
  if (pending_.empty()) release(pending_);
  read_more();
}

void Connection::handle(Packet& packet) {
  last_packet_ = SteadyClock::now();
  if (state_ == State::kAwaitConnect) {
    if (auto* connect = std::get_if<Connect>(&packet)) {
      handle_connect(*connect);
    } else {
      close_after_write(Reason::kProtocolError);
    }
    return;
  }
  std::visit(Overloaded{
                 [this](Publish& publish) { handle_publish(publish); },
                 [this](PublishResponse& response) { handle_publish_response(response); },
                 [this](Subscribe& subscribe) { handle_subscribe(subscribe); },
                 [this](Unsubscribe& unsubscribe) { handle_unsubscribe(unsubscribe); },
                 [this](Pingreq&) {
                   send(Pingresp{});
                   session_->on_ping();
                 },
                 [this](Disconnect&) { close_after_write(Reason::kSuccess); },
                 // A second CONNECT, AUTH (no enhanced authentication) or a server's packet.
                 [this](auto&) { close_after_write(Reason::kProtocolError); },
             },
             packet);
}

void Connection::handle_connect(Connect& connect) {
  version_ = connect.version;
  keep_alive_s_ = connect.keep_alive_seconds;
  const bool assign_client_id = connect.client_id.empty();
  if (assign_client_id && !connect.clean_start && version_ != ProtocolVersion::kV5) {
    finish_connect({Reason::kClientIdentifierNotValid, nullptr}, false);  // 3.1.1: no session
    return;
  }
  // An outcome known at once is taken in this read, and the packets after the CONNECT follow;
  // one that comes later returns to this connection's executor, and what came after the CONNECT
  // waits in pending_ meanwhile (the connect time-out still runs).
  state_ = State::kAuthenticating;
  auto answer = std::make_shared<AnswerHandOff<OpenSession>>();
  context_.handler.on_connect(
      connect, peer_, shared_from_this(),
      [self = shared_from_this(), answer, assign_client_id](OpenSession open) {
        if (answer->offer(open)) return;
        asio::post(self->executor_, [self, assign_client_id, open = std::move(open)] {
          if (self->state_ != State::kAuthenticating) return;  // closed meanwhile: no session
          self->finish_connect(open(), assign_client_id);
          self->on_bytes({});
        });
      });
  // Nothing to keep for a later answer: it brings what it needs.
  if (auto open = answer->take([] {})) finish_connect((*open)(), assign_client_id);
}

void Connection::finish_connect(ConnectOutcome outcome, bool assign_client_id) {
  Connack connack;
  connack.reason = outcome.reason;
  session_ = std::move(outcome.session);
  if (connack.reason != Reason::kSuccess || !session_) {
    send(connack);
    state_ = State::kConnected;  // so close_after_write sends no DISCONNECT after the CONNACK
    close_after_write(Reason::kSuccess);
    return;
  }
  // No session state is kept between connections, so none is ever present (the reference
  // answers !cleanSession; the specification asks for 0 here).
  if (version_ == ProtocolVersion::kV5) {
    connack.properties = connack_properties(context_.options, assign_client_id);
  }
  state_ = State::kConnected;
  send(connack);
  if (keep_alive_s_ > 0) {
    arm_timer(std::chrono::milliseconds(keep_alive_s_ * 1500));
  } else {
    timer_.cancel();
  }
}

void Connection::handle_publish(Publish& publish) {
  if (publish.qos > 1 && version_ == ProtocolVersion::kV5) {
    close_after_write(Reason::kQosNotSupported);  // CONNACK said Maximum QoS 1
    return;
  }
  if (publish.properties.topic_alias) {
    close_after_write(Reason::kTopicAliasInvalid);  // CONNACK allowed no aliases
    return;
  }
  if (publish.qos == 2 && std::ranges::count(awaiting_pubrel_, publish.packet_id) > 0) {
    send(PublishResponse{PacketType::kPubrec, publish.packet_id});  // already stored
    return;
  }
  if (publish.qos > 0) ++inflight_publishes_;
  auto done = [self = shared_from_this(), qos = publish.qos, id = publish.packet_id](Reason why) {
    asio::post(self->executor_, [self, qos, id, why] { self->answer_publish(qos, id, why); });
  };
  session_->on_publish(publish, std::move(done));
}

void Connection::answer_publish(std::uint8_t qos, std::uint16_t packet_id, Reason reason) {
  if (qos > 0) --inflight_publishes_;
  if (state_ != State::kConnected) return;
  const bool v5 = version_ == ProtocolVersion::kV5;
  if (reason == Reason::kNoMatchingSubscribers) reason = Reason::kSuccess;
  if (reason != Reason::kSuccess && !(v5 && answered_in_puback(reason))) {
    // 3.1.1 has no way to refuse a publish but closing; an unknown topic is acknowledged.
    if (v5 || reason != Reason::kTopicNameInvalid) {
      close_after_write(reason);
      return;
    }
    reason = Reason::kSuccess;
  }
  if (qos == 1) {
    send(PublishResponse{PacketType::kPuback, packet_id, reason});
  } else if (qos == 2) {
    send(PublishResponse{PacketType::kPubrec, packet_id, reason});
    if (reason == Reason::kSuccess) awaiting_pubrel_.push_back(packet_id);
  }
  read_more();
}

void Connection::handle_publish_response(const PublishResponse& response) {
  if (response.type == PacketType::kPuback) {
    auto found = std::ranges::find(awaiting_puback_, response.packet_id,
                                   &std::pair<std::uint16_t, Delivered>::first);
    if (found == awaiting_puback_.end()) return;  // late or duplicate: nothing to do
    Delivered delivered = std::move(found->second);
    awaiting_puback_.erase(found);
    if (delivered) delivered(true);
  } else if (response.type == PacketType::kPubrel) {
    const bool known = std::erase(awaiting_pubrel_, response.packet_id) > 0;
    send(PublishResponse{PacketType::kPubcomp, response.packet_id,
                         known ? Reason::kSuccess : Reason::kPacketIdentifierNotFound});
  } else {
    close_after_write(Reason::kProtocolError);  // PUBREC/PUBCOMP: the server sends no QoS 2
  }
}

void Connection::handle_subscribe(const Subscribe& subscribe) {
  Suback suback;
  suback.packet_id = subscribe.packet_id;
  for (const Subscription& subscription : subscribe.subscriptions) {
    Reason granted = session_->on_subscribe(subscription);
    if (granted == Reason::kGrantedQos2) granted = Reason::kGrantedQos1;
    suback.reasons.push_back(granted);
  }
  send(suback);
}

void Connection::handle_unsubscribe(const Unsubscribe& unsubscribe) {
  Unsuback unsuback;
  unsuback.packet_id = unsubscribe.packet_id;
  for (const std::string& filter : unsubscribe.filters) {
    session_->on_unsubscribe(filter);
    unsuback.reasons.push_back(Reason::kSuccess);
  }
  send(unsuback);
}

void Connection::publish(std::string topic, std::string payload, std::uint8_t qos,
                         Delivered delivered) {
  asio::post(executor_,
             [self = shared_from_this(), topic = std::move(topic), payload = std::move(payload),
              qos, delivered = std::move(delivered)]() mutable {
               if (self->state_ != State::kConnected) {
                 if (delivered) delivered(false);
                 return;
               }
               Publish message;
               message.topic = std::move(topic);
               message.payload = std::move(payload);
               message.qos = std::min<std::uint8_t>(qos, 1);
               if (message.qos == 1) {
                 message.packet_id = self->next_packet_id();
                 self->awaiting_puback_.emplace_back(message.packet_id, std::move(delivered));
                 self->send(message);
                 return;
               }
               self->send(message);
               if (delivered) delivered(true);
             });
}

std::uint16_t Connection::next_packet_id() {
  auto in_use = [this](std::uint16_t id) {
    return std::ranges::count(awaiting_puback_, id, &std::pair<std::uint16_t, Delivered>::first);
  };
  do {
    last_packet_id_ =
        static_cast<std::uint16_t>(last_packet_id_ == 0xFFFF ? 1 : last_packet_id_ + 1);
  } while (in_use(last_packet_id_) > 0);
  return last_packet_id_;
}

void Connection::run(std::function<void()> task) {
  asio::post(executor_, [self = shared_from_this(), task = std::move(task)] {
    if (self->session_) task();  // finish() releases the session on this executor
  });
}

void Connection::disconnect(Reason reason) {
  asio::post(executor_, [self = shared_from_this(), reason] { self->close_after_write(reason); });
}

void Connection::send(const Packet& packet) {
  if (!encode_packet(packet, version_, queued_)) {
    // Only a value from elsewhere (an RPC's or an attribute update's size) can do this: the
    // packet is left out, and what waits for it times out as if the device did not answer.
    spdlog::warn("mqtt {}: a packet too large for MQTT was not sent", peer_.address);
    return;
  }
  if (queued_.size() > context_.options.max_queued_bytes) {
    spdlog::info("mqtt {}: peer does not read, closing", peer_.address);
    abort();
    return;
  }
  flush();
}

void Connection::flush() {
  if (write_in_flight_ || queued_.empty()) return;
  std::swap(writing_, queued_);
  write_in_flight_ = true;
  start_write();
}

void Connection::on_written(bool ok) {
  write_in_flight_ = false;
  writing_.clear();
  if (!ok) {
    finish();
    return;
  }
  if (!queued_.empty()) {
    flush();
    return;
  }
  release(writing_);
  release(queued_);
  if (state_ == State::kClosing) finish();
}

void Connection::close_after_write(Reason reason) {
  if (state_ == State::kClosing || state_ == State::kClosed) return;
  if (state_ == State::kConnected && version_ == ProtocolVersion::kV5 &&
      reason != Reason::kSuccess) {
    Disconnect goodbye{reason};
    goodbye.properties.reason_string = std::string(reason_text(reason));
    send(goodbye);
  } else if (state_ == State::kAwaitConnect && reason == Reason::kUnsupportedProtocolVersion) {
    send(Connack{false, reason});
  }
  state_ = State::kClosing;
  if (!write_in_flight_ && queued_.empty()) {
    finish();
    return;
  }
  arm_timer(kCloseGrace);
}

void Connection::abort() { finish(); }

void Connection::on_stream_closed() {
  read_in_flight_ = false;
  finish();
}

void Connection::finish() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  timer_.cancel();
  close_stream();
  set_.remove(this);
  auto unacknowledged = std::move(awaiting_puback_);
  for (auto& [id, delivered] : unacknowledged) {
    if (delivered) delivered(false);
  }
  if (auto session = std::move(session_)) session->on_close();
  release(pending_);
  release(queued_);
}

void Connection::arm_timer(std::chrono::steady_clock::duration after) {
  timer_.expires_after(after);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
    if (!error) self->on_timer();
  });
}

void Connection::on_timer() {
  if (state_ != State::kConnected) {  // no CONNECT in time, or a goodbye nobody reads
    finish();
    return;
  }
  const auto limit = std::chrono::milliseconds(keep_alive_s_ * 1500);
  const auto idle = SteadyClock::now() - last_packet_;
  if (idle >= limit) {
    close_after_write(Reason::kKeepAliveTimeout);
    return;
  }
  arm_timer(limit - idle);
}

void ConnectionSet::add(Connection* connection) {
  connection->set_index_ = connections_.size();
  connections_.push_back(connection);
}

void ConnectionSet::remove(Connection* connection) {
  const std::size_t index = connection->set_index_;
  if (index >= connections_.size() || connections_[index] != connection) return;
  connections_[index] = connections_.back();
  connections_[index]->set_index_ = index;
  connections_.pop_back();
}

void ConnectionSet::abort_all() {
  auto connections = connections_;  // aborting removes from the set
  for (Connection* connection : connections) connection->abort();
}

}  // namespace pacificsoft::transport::mqtt::detail
