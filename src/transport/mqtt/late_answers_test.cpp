// The MQTT device API on services that answer every call after it returned (as a core reached
// over the network will): a gateway's publishes naming children not seen yet wait for their
// lookups and are handled in the order they came; attribute requests are answered when the read
// comes back.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "transport/mqtt/mqtt_device_api.h"
#include "transport/mqtt/mqtt_server.h"
#include "transport/testing/late_services.h"
#include "transport/testing/mqtt_socket.h"

namespace pacificsoft::transport::mqtt {
namespace {

using test_support::MqttSocket;

class LateAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MqttServerOptions options;
    options.bind_address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 1;
    server_ = std::make_unique<MqttServer>(options, api_);
    ASSERT_TRUE(server_->start());
  }
  void TearDown() override { server_->stop(); }

  // A connected client of the device with access token `token`.
  std::unique_ptr<MqttSocket> connect(const std::string& token) {
    auto socket = std::make_unique<MqttSocket>(server_->port());
    Connect connect;
    connect.client_id = token;
    connect.username = token;
    socket->write(MqttSocket::encoded(connect));
    const Packet connack = socket->next();
    EXPECT_TRUE(std::holds_alternative<Connack>(connack));
    EXPECT_EQ(std::get<Connack>(connack).reason, Reason::kSuccess);
    return socket;
  }

  static std::string publish(std::uint16_t id, std::string topic, std::string payload) {
    Publish publish;
    publish.topic = std::move(topic);
    publish.payload = std::move(payload);
    publish.qos = 1;
    publish.packet_id = id;
    return MqttSocket::encoded(publish);
  }

  // Reads until `acks` PUBACKs and `publishes` PUBLISHes came: the acknowledged packet ids, and
  // each publish's payload by topic.
  static std::pair<std::vector<std::uint16_t>, std::map<std::string, std::string>> read(
      MqttSocket& socket, std::size_t acks, std::size_t publishes) {
    std::vector<std::uint16_t> acked;
    std::map<std::string, std::string> published;
    while (acked.size() < acks || published.size() < publishes) {
      Packet packet = socket.next();
      if (auto* ack = std::get_if<PublishResponse>(&packet)) {
        acked.push_back(ack->packet_id);
      } else if (auto* downlink = std::get_if<Publish>(&packet)) {
        published[downlink->topic] = downlink->payload;
      } else {
        ADD_FAILURE() << "unexpected packet";
        break;
      }
    }
    std::sort(acked.begin(), acked.end());
    return {acked, published};
  }

  test_support::LateServices late_;
  MqttDeviceApi api_{late_.services, MqttDeviceOptions{}};
  std::unique_ptr<MqttServer> server_;
};

TEST_F(LateAnswersTest, GatewayPublishesWaitForTheirChildrensLookupsInOrder) {
  auto gateway = connect("gateway");
  gateway->write(publish(1, "v1/gateway/connect", R"({"device":"a"})") +
                 publish(2, "v1/gateway/telemetry", R"({"a":[{"t":1}],"b":[{"t":2},{"t":3}]})") +
                 publish(3, "v1/gateway/attributes", R"({"b":{"x":1}})") +
                 publish(4, "v1/gateway/attributes/request",
                         R"({"id":5,"device":"c","client":false,"key":"mode"})"));
  auto [acked, published] = read(*gateway, 4, 1);
  EXPECT_EQ(acked, (std::vector<std::uint16_t>{1, 2, 3, 4}));
  EXPECT_EQ(published["v1/gateway/attributes/response"], R"({"id":5,"device":"c","value":"eco"})");
  EXPECT_EQ(late_.backend.uplinks(),
            (std::vector<std::string>{"a: 1 points", "b: 2 points", "b: 1 attributes"}));
}

TEST_F(LateAnswersTest, AnAttributeRequestIsAnsweredWhenTheReadComesBack) {
  auto device = connect("device");
  device->write(publish(1, "v1/devices/me/attributes/request/9", R"({"sharedKeys":"mode"})"));
  auto [acked, published] = read(*device, 1, 1);
  EXPECT_EQ(acked, std::vector<std::uint16_t>{1});
  EXPECT_EQ(published["v1/devices/me/attributes/response/9"], R"({"shared":{"mode":"eco"}})");
}

TEST_F(LateAnswersTest, ProvisioningIsAnsweredWhenTheDirectoryAnswers) {
  auto device = connect("provision");
  Subscribe subscribe;
  subscribe.packet_id = 1;
  subscribe.subscriptions.push_back({"/provision/response", 1});
  device->write(MqttSocket::encoded(subscribe));
  EXPECT_TRUE(std::holds_alternative<Suback>(device->next()));
  device->write(publish(2, "/provision/request", R"({"deviceName":"n"})"));
  auto [acked, published] = read(*device, 1, 1);
  EXPECT_EQ(acked, std::vector<std::uint16_t>{2});
  EXPECT_EQ(published["/provision/response"],
            R"({"status":"SUCCESS","request":{"deviceName":"n"}})");
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
