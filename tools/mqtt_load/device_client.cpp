// A simulated device's connection: CONNECT, PUBLISH at a rate or as fast as a window of
// in-flight messages allows, PUBACK latency, keep-alive and a clean DISCONNECT.
#include "device_client.h"

#include <boost/asio/write.hpp>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <string_view>
#include <variant>

#include "mqtt/mqtt_codec.h"
#include "telemetry_payload.h"

namespace pacificsoft::tools::mqtt_load {

namespace asio = boost::asio;
namespace mqtt = transport::mqtt;
using boost::system::error_code;

namespace {

constexpr std::size_t kReadChunk = 4096;
constexpr std::uint32_t kMaxFrame = 1U << 20;

}  // namespace

DeviceClient::DeviceClient(asio::io_context& io, LoopContext& context, std::string token, int index)
    : context_(context),
      socket_(io),
      timer_(io),
      version_(context.options.protocol == 5 ? mqtt::ProtocolVersion::kV5
                                             : mqtt::ProtocolVersion::kV3_1_1),
      token_(std::move(token)),
      index_(index),
      read_chunk_(kReadChunk) {}

void DeviceClient::connect() {
  ++context_.progress.connecting;
  socket_.async_connect(context_.endpoint, [self = shared_from_this()](const error_code& error) {
    if (error) {
      self->fail(false);
      return;
    }
    error_code ignored;
    self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    mqtt::Connect connect;
    connect.version = self->version_;
    connect.keep_alive_seconds = static_cast<std::uint16_t>(self->context_.options.keep_alive_s);
    connect.client_id = "bench-" + std::to_string(self->index_);
    connect.username = self->token_;
    self->send(mqtt::Packet{std::move(connect)});
    self->read_more();
  });
}

void DeviceClient::read_more() {
  socket_.async_read_some(asio::buffer(read_chunk_),
                          [self = shared_from_this()](const error_code& error, std::size_t count) {
                            if (error) {
                              self->fail(self->connected_);
                              return;
                            }
                            self->on_bytes(count);
                            if (!self->closed_) self->read_more();
                          });
}

void DeviceClient::on_bytes(std::size_t count) {
  input_.append(read_chunk_.data(), count);
  std::size_t consumed = 0;
  while (!closed_) {
    const std::string_view rest = std::string_view(input_).substr(consumed);
    mqtt::FrameHeader header;
    const mqtt::FrameStatus status = mqtt::peek_frame(rest, kMaxFrame, header);
    if (status == mqtt::FrameStatus::kNeedMore) break;
    if (status != mqtt::FrameStatus::kComplete) {
      fail(connected_);
      return;
    }
    mqtt::Decoded decoded = mqtt::decode_packet(rest.substr(0, header.frame_size()), version_);
    consumed += header.frame_size();
    auto* packet = std::get_if<mqtt::Packet>(&decoded);
    if (packet == nullptr || !on_packet(*packet)) {
      fail(connected_);
      return;
    }
  }
  input_.erase(0, consumed);
}

bool DeviceClient::on_packet(mqtt::Packet& packet) {
  if (auto* connack = std::get_if<mqtt::Connack>(&packet)) {
    on_connack(*connack);
  } else if (auto* response = std::get_if<mqtt::PublishResponse>(&packet)) {
    on_puback(*response);
  } else if (auto* publish = std::get_if<mqtt::Publish>(&packet)) {
    // A downlink (RPC, attributes): acknowledged and dropped.
    if (publish->qos == 1)
      send(mqtt::Packet{mqtt::PublishResponse{mqtt::PacketType::kPuback, publish->packet_id}});
  } else if (std::holds_alternative<mqtt::Disconnect>(packet)) {
    return false;
  }
  return true;  // PINGRESP, SUBACK...: nothing to do
}

void DeviceClient::on_connack(const mqtt::Connack& connack) {
  --context_.progress.connecting;
  if (connack.reason != mqtt::Reason::kSuccess) {
    ++context_.progress.failed;
    failed_ = true;
    stop();
    return;
  }
  connected_ = true;
  ++context_.progress.connected;
}

void DeviceClient::on_puback(const mqtt::PublishResponse& puback) {
  const Clock::time_point now = Clock::now();
  auto it = in_flight_.begin();
  while (it != in_flight_.end() && it->first != puback.packet_id) ++it;
  if (it == in_flight_.end()) return;  // not ours (a duplicate): ignored
  const Clock::time_point sent_at = it->second;
  in_flight_.erase(it);
  --context_.progress.in_flight;
  LoadStats& stats = context_.stats;
  if (static_cast<std::uint8_t>(puback.reason) >= 0x80) {
    ++stats.refused;
  } else {
    ++stats.acked;
    if (context_.schedule.measuring(now)) {
      ++stats.acked_measured;
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at).count();
      stats.latency_us.push_back(static_cast<std::uint32_t>(us));
    }
  }
  if (context_.options.rate == 0) fill_window();
}

void DeviceClient::start_publishing() {
  if (!connected_ || closed_) return;
  publishing_ = true;
  if (context_.options.rate == 0) {
    fill_window();
    return;
  }
  // Devices start spread over one interval, so a fleet at a set rate does not publish in bursts.
  const auto interval = std::chrono::duration<double>(1.0 / context_.options.rate);
  next_tick_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  interval * (static_cast<double>(index_ % 1000) / 1000.0));
  timer_.expires_at(next_tick_);
  timer_.async_wait([self = shared_from_this()](const error_code& error) {
    if (!error) self->tick();
  });
}

void DeviceClient::tick() {
  if (!publishing_ || closed_) return;
  const Clock::time_point now = Clock::now();
  if (now >= context_.schedule.measure_end) {
    publishing_ = false;
    return;
  }
  const bool window_full =
      context_.options.qos == 1
          ? in_flight_.size() >= static_cast<std::size_t>(context_.options.window)
          : output_qos0_ + writing_qos0_ >= context_.options.window;
  if (window_full) {
    ++context_.stats.skipped;
  } else {
    publish_one(now);
  }
  next_tick_ += std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / context_.options.rate));
  timer_.expires_at(next_tick_);
  timer_.async_wait([self = shared_from_this()](const error_code& error) {
    if (!error) self->tick();
  });
}

void DeviceClient::fill_window() {
  if (!publishing_ || closed_) return;
  const Clock::time_point now = Clock::now();
  if (now >= context_.schedule.measure_end) {
    publishing_ = false;
    return;
  }
  const auto window = static_cast<std::size_t>(context_.options.window);
  if (context_.options.qos == 1) {
    while (in_flight_.size() < window) publish_one(now);
  } else {
    while (output_qos0_ + writing_qos0_ < context_.options.window) publish_one(now);
  }
}

void DeviceClient::publish_one(Clock::time_point now) {
  mqtt::Publish publish;
  publish.qos = static_cast<std::uint8_t>(context_.options.qos);
  publish.topic = context_.options.topic;
  publish.payload =
      telemetry_payload(sequence_, context_.base_ts_ms + static_cast<std::int64_t>(sequence_),
                        context_.options.explicit_ts);
  ++sequence_;
  if (publish.qos == 1) {
    publish.packet_id = next_packet_id_;
    next_packet_id_ = next_packet_id_ == 0xFFFF ? 1 : next_packet_id_ + 1;
    in_flight_.emplace_back(publish.packet_id, now);
    ++context_.progress.in_flight;
  } else {
    ++output_qos0_;
  }
  ++context_.stats.sent;
  if (context_.schedule.measuring(now)) ++context_.stats.sent_measured;
  send(mqtt::Packet{std::move(publish)});
}

void DeviceClient::ping() {
  if (connected_ && !closed_) send(mqtt::Packet{mqtt::Pingreq{}});
}

void DeviceClient::stop() {
  publishing_ = false;
  timer_.cancel();
  if (closed_ || closing_) return;
  closing_ = true;
  send(mqtt::Packet{mqtt::Disconnect{}});
}

void DeviceClient::send(const mqtt::Packet& packet) {
  if (closed_) return;
  // The generator's own packets, with its configured topics and payloads: too large is a bad
  // setting, and the run would measure nothing.
  if (!mqtt::encode_packet(packet, version_, output_)) {
    std::fprintf(stderr, "mqtt_load: a packet too large for MQTT\n");
    std::exit(2);
  }
  flush();
}

void DeviceClient::flush() {
  if (write_pending_ || closed_) return;
  if (output_.empty()) {
    if (closing_) {
      error_code ignored;
      socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      socket_.close(ignored);
      closed_ = true;
    }
    return;
  }
  writing_.swap(output_);
  writing_qos0_ = output_qos0_;
  output_qos0_ = 0;
  write_pending_ = true;
  asio::async_write(socket_, asio::buffer(writing_),
                    [self = shared_from_this()](const error_code& error, std::size_t /*bytes*/) {
                      self->write_pending_ = false;
                      self->writing_.clear();
                      self->writing_qos0_ = 0;
                      if (error) {
                        self->fail(self->connected_);
                        return;
                      }
                      self->flush();
                      if (self->context_.options.qos == 0 && self->context_.options.rate == 0) {
                        self->fill_window();
                      }
                    });
}

void DeviceClient::fail(bool after_connack) {
  if (closed_) return;
  if (!closing_ && !failed_) {
    if (after_connack) {
      ++context_.progress.closed;
    } else {
      --context_.progress.connecting;
      ++context_.progress.failed;
    }
  }
  failed_ = true;
  closed_ = true;
  publishing_ = false;
  context_.progress.in_flight -= static_cast<std::int64_t>(in_flight_.size());
  in_flight_.clear();
  timer_.cancel();
  error_code ignored;
  socket_.close(ignored);
}

}  // namespace pacificsoft::tools::mqtt_load
