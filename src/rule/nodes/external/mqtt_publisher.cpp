#include "rule/nodes/external/mqtt_publisher.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::rule {
namespace {

namespace asio = boost::asio;
namespace codec = transport::mqtt;
using tcp = asio::ip::tcp;

constexpr auto kVersion = codec::ProtocolVersion::kV3_1_1;
constexpr std::uint16_t kKeepAliveSeconds = 60;
constexpr std::uint32_t kMaxIncomingFrame = 64 * 1024;  // a broker sends us only acks

Status unavailable(std::string message) {
  return {ErrorCode::kUnavailable, "MQTT broker: " + std::move(message)};
}

// Empty when a field does not fit MQTT: a topic over 65 535 bytes, made from message data.
std::string encode(const codec::Packet& packet) {
  std::string bytes;
  if (!codec::encode_packet(packet, kVersion, bytes)) bytes.clear();
  return bytes;
}

}  // namespace

std::shared_ptr<MqttPublisher> MqttPublisher::create(asio::io_context& io,
                                                     MqttPublisherOptions options) {
  return std::make_shared<MqttPublisher>(io, std::move(options));
}

MqttPublisher::MqttPublisher(asio::io_context& io, MqttPublisherOptions options)
    : io_(io),
      options_(std::move(options)),
      resolver_(io),
      socket_(io),
      connect_deadline_(io),
      ping_timer_(io) {}

void MqttPublisher::publish(std::string topic, std::string payload, bool retain, PublishDone done) {
  asio::post(io_,
             [self = shared_from_this(), pending = Pending{std::move(topic), std::move(payload),
                                                           retain, std::move(done)}]() mutable {
               if (!codec::is_valid_topic_name(pending.topic)) {
                 pending.done(invalid_argument("invalid MQTT topic '" + pending.topic + "'"));
                 return;
               }
               if (self->waiting_.size() + self->in_flight_.size() >= self->options_.max_pending) {
                 pending.done({ErrorCode::kTooManyRequests, "too many MQTT publishes waiting"});
                 return;
               }
               self->waiting_.push_back(std::move(pending));
               if (self->state_ == State::kConnected) self->send_waiting();
               if (self->state_ == State::kIdle) self->connect();
             });
}

void MqttPublisher::close() {
  // A loop that stopped (shutting down) runs nothing more; its handlers are being dropped.
  if (io_.stopped()) return;
  asio::post(io_, [self = shared_from_this()] { self->drop(unavailable("publisher closed")); });
}

void MqttPublisher::connect() {
  state_ = State::kConnecting;
  const auto connection = ++connection_;
  auto self = shared_from_this();
  connect_deadline_.expires_after(options_.connect_timeout);
  connect_deadline_.async_wait([self, connection](const boost::system::error_code& error) {
    if (error || connection != self->connection_ || self->state_ != State::kConnecting) return;
    self->drop(unavailable("no connection within " +
                           std::to_string(self->options_.connect_timeout.count()) + " s"));
  });
  resolver_.async_resolve(
      options_.host, std::to_string(options_.port),
      [self, connection](const boost::system::error_code& error,
                         const tcp::resolver::results_type& hosts) {
        if (connection != self->connection_) return;
        if (error)
          return self->drop(unavailable("resolve " + self->options_.host + ": " + error.message()));
        asio::async_connect(
            self->socket_, hosts,
            [self, connection](const boost::system::error_code& error, const tcp::endpoint&) {
              if (connection != self->connection_) return;
              if (error) return self->drop(unavailable("connect: " + error.message()));
              codec::Connect hello;
              hello.version = kVersion;
              hello.clean_start = self->options_.clean_session;
              hello.keep_alive_seconds = kKeepAliveSeconds;
              hello.client_id = self->options_.client_id;
              hello.username = self->options_.username;
              hello.password = self->options_.password;
              auto bytes = encode(hello);
              if (bytes.empty()) {
                return self->drop(invalid_argument("client id, user name or password too long"));
              }
              self->send(bytes);
              self->start_reading();
            });
      });
}

void MqttPublisher::start_reading() {
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this(), connection = connection_](
                              const boost::system::error_code& error, std::size_t size) {
                            if (connection != self->connection_) return;
                            if (error)
                              return self->drop(unavailable("connection lost: " + error.message()));
                            self->on_bytes(size);
                          });
}

void MqttPublisher::on_bytes(std::size_t size) {
  incoming_.append(read_buffer_.data(), size);
  codec::FrameHeader header;
  while (true) {
    const auto status = codec::peek_frame(incoming_, kMaxIncomingFrame, header);
    if (status == codec::FrameStatus::kNeedMore) break;
    if (status != codec::FrameStatus::kComplete) return drop(unavailable("malformed packet"));
    auto decoded =
        codec::decode_packet(std::string_view(incoming_).substr(0, header.frame_size()), kVersion);
    incoming_.erase(0, header.frame_size());
    const auto* packet = std::get_if<codec::Packet>(&decoded);
    if (packet == nullptr) return drop(unavailable("malformed packet"));
    if (const auto* connack = std::get_if<codec::Connack>(packet)) {
      if (connack->reason != codec::Reason::kSuccess) {
        return drop(unavailable("connection refused, code " +
                                std::to_string(static_cast<int>(connack->reason))));
      }
      state_ = State::kConnected;
      connect_deadline_.cancel();
      keep_alive();
      send_waiting();
    } else if (const auto* ack = std::get_if<codec::PublishResponse>(packet)) {
      auto found = in_flight_.find(ack->packet_id);
      if (found != in_flight_.end()) {
        auto done = std::move(found->second.publish.done);
        in_flight_.erase(found);
        done(Status::ok());
      }
    } else if (std::holds_alternative<codec::Disconnect>(*packet)) {
      return drop(unavailable("disconnected by the broker"));
    }
  }
  start_reading();
}

void MqttPublisher::send_waiting() {
  while (!waiting_.empty()) {
    Pending pending = std::move(waiting_.front());
    waiting_.pop_front();
    codec::Publish packet;
    packet.qos = 1;
    packet.retain = pending.retain;
    packet.topic = pending.topic;
    packet.payload = pending.payload;
    packet.packet_id = next_packet_id();
    auto bytes = encode(packet);
    if (bytes.empty()) {
      pending.done(invalid_argument("topic or payload too large for MQTT (topic " +
                                    std::to_string(pending.topic.size()) + " bytes, payload " +
                                    std::to_string(pending.payload.size()) + " bytes)"));
      continue;
    }
    send(bytes);
    auto deadline = std::make_unique<asio::steady_timer>(io_, options_.ack_timeout);
    deadline->async_wait([self = shared_from_this(), connection = connection_,
                          id = packet.packet_id](const boost::system::error_code& error) {
      if (error || connection != self->connection_ || !self->in_flight_.contains(id)) return;
      self->drop(unavailable("no PUBACK within " +
                             std::to_string(self->options_.ack_timeout.count()) + " s"));
    });
    in_flight_.emplace(packet.packet_id, InFlight{std::move(pending), std::move(deadline)});
  }
}

void MqttPublisher::send(const std::string& bytes) {
  outgoing_ += bytes;
  write();
}

void MqttPublisher::write() {
  if (write_pending_ || outgoing_.empty()) return;
  write_pending_ = true;
  writing_.swap(outgoing_);
  outgoing_.clear();
  asio::async_write(socket_, asio::buffer(writing_),
                    [self = shared_from_this(), connection = connection_](
                        const boost::system::error_code& error, std::size_t) {
                      if (connection != self->connection_) return;
                      self->write_pending_ = false;
                      if (error) return self->drop(unavailable("write: " + error.message()));
                      self->write();
                    });
}

void MqttPublisher::keep_alive() {
  ping_timer_.expires_after(std::chrono::seconds(kKeepAliveSeconds / 2));
  ping_timer_.async_wait([self = shared_from_this(),
                          connection = connection_](const boost::system::error_code& error) {
    if (error || connection != self->connection_ || self->state_ != State::kConnected) return;
    self->send(encode(codec::Pingreq{}));
    self->keep_alive();
  });
}

void MqttPublisher::drop(const Status& reason) {
  ++connection_;  // what the old connection still has pending does nothing now
  state_ = State::kIdle;
  boost::system::error_code ignored;
  resolver_.cancel();
  socket_.close(ignored);
  connect_deadline_.cancel();
  ping_timer_.cancel();
  outgoing_.clear();
  incoming_.clear();
  write_pending_ = false;
  auto in_flight = std::move(in_flight_);
  auto waiting = std::move(waiting_);
  in_flight_.clear();
  waiting_.clear();
  for (auto& [id, publish] : in_flight) publish.publish.done(reason);
  for (auto& pending : waiting) pending.done(reason);
}

std::uint16_t MqttPublisher::next_packet_id() {
  do {
    last_packet_id_ = static_cast<std::uint16_t>(last_packet_id_ + 1);
  } while (last_packet_id_ == 0 || in_flight_.contains(last_packet_id_));
  return last_packet_id_;
}

}  // namespace pacificsoft::rule
