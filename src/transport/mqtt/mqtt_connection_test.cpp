// The MQTT connection against a real socket, with a connect handler that answers from another
// thread after on_connect returned (as a remote authenticator will): what the client sent after
// its CONNECT waits for the answer and is handled after the CONNACK.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "mqtt/mqtt_codec.h"
#include "transport/mqtt/mqtt_server.h"

namespace pacificsoft::transport::mqtt {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class RecordingSession final : public MqttSession {
 public:
  void on_publish(Publish& publish, PublishDone done) override {
    {
      std::lock_guard lock(mutex_);
      topics_.push_back(publish.topic);
    }
    done(Reason::kSuccess);
  }
  Reason on_subscribe(const Subscription& /*subscription*/) override { return Reason::kSuccess; }
  void on_unsubscribe(const std::string& /*filter*/) override {}
  void on_ping() override {}
  void on_close() override {}
  std::vector<std::string> topics() {
    std::lock_guard lock(mutex_);
    return topics_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> topics_;
};

// Answers each CONNECT 100 ms later from a thread of its own.
class LateHandler final : public MqttConnectHandler {
 public:
  ~LateHandler() override {
    for (auto& thread : threads_) thread.join();
  }
  void on_connect(const Connect& /*connect*/, const PeerInfo& /*peer*/,
                  std::shared_ptr<MqttPeer> /*connection*/, ConnectDone done) override {
    threads_.emplace_back([this, done = std::move(done)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      done([this] { return ConnectOutcome{Reason::kSuccess, session}; });
    });
  }
  std::shared_ptr<RecordingSession> session = std::make_shared<RecordingSession>();

 private:
  std::vector<std::thread> threads_;
};

std::string encoded(const Packet& packet) {
  std::string bytes;
  EXPECT_TRUE(encode_packet(packet, ProtocolVersion::kV3_1_1, bytes));
  return bytes;
}

// The next whole frame from the socket, decoded.
Packet next_packet(tcp::socket& socket) {
  std::string frame(2, '\0');
  asio::read(socket, asio::buffer(frame));
  std::string rest(static_cast<unsigned char>(frame[1]), '\0');  // short frames only
  if (!rest.empty()) asio::read(socket, asio::buffer(rest));
  auto decoded = decode_packet(frame + rest, ProtocolVersion::kV3_1_1);
  EXPECT_TRUE(std::holds_alternative<Packet>(decoded));
  return std::get<Packet>(decoded);
}

TEST(MqttConnectionTest, PacketsAfterAConnectAnsweredLaterWaitForItsOutcome) {
  LateHandler handler;
  MqttServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  MqttServer server(options, handler);
  ASSERT_TRUE(server.start());

  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  const timeval patience{5, 0};  // a read that gets nothing fails the test instead of hanging it
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  Connect connect;
  connect.client_id = "late";
  connect.username = "token";
  Publish publish;
  publish.topic = "v1/devices/me/telemetry";
  publish.payload = "{}";
  publish.qos = 1;
  publish.packet_id = 7;
  asio::write(socket, asio::buffer(encoded(connect) + encoded(publish)));  // one write

  const Packet connack = next_packet(socket);
  ASSERT_TRUE(std::holds_alternative<Connack>(connack));
  EXPECT_EQ(std::get<Connack>(connack).reason, Reason::kSuccess);
  const Packet puback = next_packet(socket);
  ASSERT_TRUE(std::holds_alternative<PublishResponse>(puback));
  EXPECT_EQ(std::get<PublishResponse>(puback).packet_id, 7);
  EXPECT_EQ(handler.session->topics(), std::vector<std::string>{"v1/devices/me/telemetry"});
  socket.close();
  server.stop();
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
