// One MQTT connection's protocol: framing, CONNECT/CONNACK, keep-alive, QoS 1 (and QoS 2 from
// 3.1.1 clients, answered exactly-once), flow control, orderly close. Lives on one io_context
// thread; everything but the MqttPeer methods runs there. The byte stream (plain TCP or TLS) is
// the subclass's: it reads, writes and closes.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mqtt/mqtt_codec.h"
#include "transport/mqtt/mqtt_server.h"
#include "transport/mqtt/mqtt_session.h"

namespace pacificsoft::transport::mqtt::detail {

class ConnectionSet;

// What every connection of a server shares.
struct ServerContext {
  const MqttServerOptions& options;
  MqttConnectHandler& handler;
};

class Connection : public MqttPeer, public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::any_io_executor executor, const ServerContext& context,
             ConnectionSet& set);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the CONNECT timer and the stream (TLS handshake).
  void start();
  // Closes at once without a goodbye (server stop).
  void abort();

  void publish(std::string topic, std::string payload, std::uint8_t qos,
               Delivered delivered) override;
  void disconnect(Reason reason) override;
  void run(std::function<void()> task) override;
  ProtocolVersion version() const override { return version_; }

 protected:
  // The subclass reports bytes read (on_bytes), a failed or ended read (on_stream_closed),
  // and a finished write (on_written).
  void on_stream_ready(PeerInfo peer);
  void on_bytes(std::string_view bytes);
  void on_written(bool ok);
  void on_stream_closed();

  bool reading_wanted() const;  // false while flow control or a close holds reading
  const std::string& next_write() const { return writing_; }

  virtual void open_stream() = 0;  // reports on_stream_ready or on_stream_closed
  virtual void start_read() = 0;   // reports on_bytes or on_stream_closed
  virtual void start_write() = 0;  // writes next_write(); reports on_written
  virtual void close_stream() = 0;

  boost::asio::any_io_executor executor_;

 private:
  // kAuthenticating: the CONNECT was read and its outcome is awaited; nothing more is read.
  enum class State : std::uint8_t {
    kHandshake,
    kAwaitConnect,
    kAuthenticating,
    kConnected,
    kClosing,
    kClosed
  };

  void handle(Packet& packet);
  void handle_connect(Connect& connect);
  // assign_client_id: the CONNECT had none (v5 CONNACK names one).
  void finish_connect(ConnectOutcome outcome, bool assign_client_id);
  void handle_publish(Publish& publish);
  void handle_subscribe(const Subscribe& subscribe);
  void handle_unsubscribe(const Unsubscribe& unsubscribe);
  void handle_publish_response(const PublishResponse& response);
  void answer_publish(std::uint8_t qos, std::uint16_t packet_id, Reason reason);
  void send(const Packet& packet);
  void flush();
  void close_after_write(Reason reason);
  void finish();
  void arm_timer(std::chrono::steady_clock::duration after);
  void on_timer();
  void read_more();
  std::uint16_t next_packet_id();

  const ServerContext& context_;
  ConnectionSet& set_;
  boost::asio::steady_timer timer_;
  State state_ = State::kHandshake;
  ProtocolVersion version_ = ProtocolVersion::kV3_1_1;
  std::uint16_t keep_alive_s_ = 0;
  std::chrono::steady_clock::time_point last_packet_;
  std::string pending_;  // the start of a frame whose rest has not arrived
  std::string writing_;  // bytes the stream is writing
  std::string queued_;   // bytes to write next
  bool write_in_flight_ = false;
  bool read_in_flight_ = false;
  std::uint16_t inflight_publishes_ = 0;  // received QoS 1/2 publishes awaiting their write
  std::uint16_t last_packet_id_ = 0;
  std::vector<std::pair<std::uint16_t, Delivered>> awaiting_puback_;
  std::vector<std::uint16_t> awaiting_pubrel_;  // QoS 2 ids answered with PUBREC
  std::shared_ptr<MqttSession> session_;
  PeerInfo peer_;
  std::size_t set_index_ = 0;  // position in set_, for O(1) removal

  friend class ConnectionSet;
};

// The live connections of one io_context thread, so stop() can close them. Touched only on
// that thread.
class ConnectionSet {
 public:
  void add(Connection* connection);
  void remove(Connection* connection);
  void abort_all();

 private:
  std::vector<Connection*> connections_;
};

std::shared_ptr<Connection> make_plain_connection(boost::asio::ip::tcp::socket socket,
                                                  const ServerContext& context, ConnectionSet& set);
std::shared_ptr<Connection> make_tls_connection(boost::asio::ip::tcp::socket socket,
                                                boost::asio::ssl::context& tls,
                                                const ServerContext& context, ConnectionSet& set);

}  // namespace pacificsoft::transport::mqtt::detail
