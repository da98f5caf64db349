// One simulated device: a TCP connection that CONNECTs with the device's access token, then
// publishes 5-key telemetry (publish mode) or only answers keep-alive (hold mode). Packets are
// written and read with the project's codec (ps_mqtt_codec). Owned by the event-loop thread of
// its io_context: every member function must run there (main() posts to it).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "load_stats.h"
#include "mqtt/mqtt_packets.h"
#include "options.h"

namespace pacificsoft::tools::mqtt_load {

// What all the devices of one event-loop thread share.
struct LoopContext {
  const LoadOptions& options;
  boost::asio::ip::tcp::endpoint endpoint;
  const Schedule& schedule;  // valid once start_publishing() is called
  Progress& progress;
  std::int64_t base_ts_ms = 0;  // first explicit ts of every device
  LoadStats stats;              // this thread's counters
};

class DeviceClient : public std::enable_shared_from_this<DeviceClient> {
 public:
  DeviceClient(boost::asio::io_context& io, LoopContext& context, std::string token, int index);

  // Safe from any thread: each posts the call below to the client's event loop.
  void connect_later() { later(&DeviceClient::connect); }
  void start_later() { later(&DeviceClient::start_publishing); }
  void ping_later() { later(&DeviceClient::ping); }
  void stop_later() { later(&DeviceClient::stop); }

 private:
  void connect();           // counted in Progress once the CONNACK (or a failure) arrives
  void start_publishing();  // publish mode, after every device is connected
  void ping();              // a PINGREQ, for hold mode's keep-alive
  void stop();              // DISCONNECT, then close once written
  void later(void (DeviceClient::*call)()) {
    boost::asio::post(socket_.get_executor(),
                      [self = shared_from_this(), call] { (*self.*call)(); });
  }
  void read_more();
  void on_bytes(std::size_t count);
  bool on_packet(transport::mqtt::Packet& packet);
  void on_connack(const transport::mqtt::Connack& connack);
  void on_puback(const transport::mqtt::PublishResponse& puback);
  void publish_one(Clock::time_point now);
  void fill_window();
  void tick();
  void send(const transport::mqtt::Packet& packet);
  void flush();
  void fail(bool after_connack);

  LoopContext& context_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  transport::mqtt::ProtocolVersion version_;
  std::string token_;
  int index_;
  std::vector<char> read_chunk_;
  std::string input_;    // bytes read, not yet a whole frame
  std::string output_;   // packets waiting for the current write to finish
  std::string writing_;  // bytes of the write in progress
  bool write_pending_ = false;
  bool connected_ = false;
  bool publishing_ = false;
  bool closed_ = false;
  bool failed_ = false;
  std::uint16_t next_packet_id_ = 1;
  std::uint64_t sequence_ = 0;
  std::deque<std::pair<std::uint16_t, Clock::time_point>> in_flight_;  // in send order
  int output_qos0_ = 0;                                                // QoS 0 PUBLISHes in output_
  int writing_qos0_ = 0;  // QoS 0 PUBLISHes in writing_
  bool closing_ = false;  // DISCONNECT queued: close once written
  Clock::time_point next_tick_;
};

}  // namespace pacificsoft::tools::mqtt_load
