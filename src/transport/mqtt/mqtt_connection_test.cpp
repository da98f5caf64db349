// The MQTT connection against a real socket, with a connect handler that answers from another
// thread after on_connect returned (as a remote authenticator will): what the client sent after
// its CONNECT waits for the answer and is handled after the CONNACK.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "transport/mqtt/mqtt_server.h"
#include "transport/testing/mqtt_socket.h"

namespace pacificsoft::transport::mqtt {
namespace {

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

TEST(MqttConnectionTest, PacketsAfterAConnectAnsweredLaterWaitForItsOutcome) {
  LateHandler handler;
  MqttServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  MqttServer server(options, handler);
  ASSERT_TRUE(server.start());

  test_support::MqttSocket socket(server.port());
  Connect connect;
  connect.client_id = "late";
  connect.username = "token";
  Publish publish;
  publish.topic = "v1/devices/me/telemetry";
  publish.payload = "{}";
  publish.qos = 1;
  publish.packet_id = 7;
  socket.write(test_support::MqttSocket::encoded(connect) +
               test_support::MqttSocket::encoded(publish));

  const Packet connack = socket.next();
  ASSERT_TRUE(std::holds_alternative<Connack>(connack));
  EXPECT_EQ(std::get<Connack>(connack).reason, Reason::kSuccess);
  const Packet puback = socket.next();
  ASSERT_TRUE(std::holds_alternative<PublishResponse>(puback));
  EXPECT_EQ(std::get<PublishResponse>(puback).packet_id, 7);
  EXPECT_EQ(handler.session->topics(), std::vector<std::string>{"v1/devices/me/telemetry"});
  server.stop();
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
