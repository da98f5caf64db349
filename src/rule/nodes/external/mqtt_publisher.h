// A QoS 1 publisher to one external MQTT broker (MQTT 3.1.1, written with the project's codec),
// on the network loop: it connects on first use, sends each publish once connected and reports
// it done at its PUBACK. A connection that fails, is lost or misses a PUBACK fails what waits on
// it; the next publish connects again.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/status.h"

namespace pacificsoft::rule {

struct MqttPublisherOptions {
  std::string host;
  std::uint16_t port = 1883;
  std::string client_id;
  bool clean_session = true;
  std::optional<std::string> username;  // basic credentials
  std::optional<std::string> password;
  std::chrono::seconds connect_timeout{10};  // resolve, TCP connect and CONNACK
  std::chrono::seconds ack_timeout{10};      // from sending a publish to its PUBACK
  std::size_t max_pending = 10'000;          // publishes waiting or in flight
};

using PublishDone = std::function<void(Status)>;

// Lives while the loop has work for it; publish() and close() may be called from any thread,
// everything else runs on the loop's thread.
class MqttPublisher : public std::enable_shared_from_this<MqttPublisher> {
 public:
  static std::shared_ptr<MqttPublisher> create(boost::asio::io_context& io,
                                               MqttPublisherOptions options);

  // `done` runs once on the loop's thread: ok at the PUBACK, else Unavailable with the reason
  // (or TooManyRequests when max_pending publishes wait already).
  void publish(std::string topic, std::string payload, bool retain, PublishDone done);
  // Drops the connection; what waits fails.
  void close();

  MqttPublisher(boost::asio::io_context& io, MqttPublisherOptions options);

 private:
  struct Pending {
    std::string topic;
    std::string payload;
    bool retain = false;
    PublishDone done;
  };
  enum class State { kIdle, kConnecting, kConnected };

  void connect();
  void start_reading();
  void on_bytes(std::size_t size);
  void send_waiting();
  void send(const std::string& bytes);
  void write();
  void keep_alive();
  void drop(const Status& reason);
  std::uint16_t next_packet_id();

  boost::asio::io_context& io_;
  MqttPublisherOptions options_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer connect_deadline_;
  boost::asio::steady_timer ping_timer_;
  State state_ = State::kIdle;
  std::uint64_t connection_ = 0;  // counts connections; handlers of an older one do nothing
  std::deque<Pending> waiting_;   // until connected
  struct InFlight {
    Pending publish;
    std::unique_ptr<boost::asio::steady_timer> deadline;
  };
  std::map<std::uint16_t, InFlight> in_flight_;  // by packet id, until the PUBACK
  std::uint16_t last_packet_id_ = 0;
  std::string outgoing_;  // encoded packets not yet handed to a write
  std::string writing_;   // the bytes of the write in progress
  bool write_pending_ = false;
  std::string incoming_;  // bytes read, not yet a whole frame
  std::array<char, 4096> read_buffer_{};
};

}  // namespace pacificsoft::rule
