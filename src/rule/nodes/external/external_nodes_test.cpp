// Nodes that call outside systems, against real servers: the REST call node against a local HTTP
// server, the MQTT node against a Mosquitto broker started for the test.
#include <chrono>

#include "rule/testing/http_test_server.h"
#include "rule/testing/mosquitto.h"
#include "rule/testing/node_test.h"

namespace pacificsoft::rule {
namespace {

class RestApiCallNodeTest : public testing::NodeTest {
 protected:
  testing::HttpTestServer server;

  NodeResult call(bj::object config, model::Msg msg) {
    return run("rest.TbRestApiCallNode", config, std::move(msg));
  }
};

TEST_F(RestApiCallNodeTest, PostsTheMessageWithPatternsAndAnswersWithTheResponse) {
  bj::object config{
      {"restEndpointUrlPattern", server.url("/api/${deviceName}/$[unit]")},
      {"requestMethod", "POST"},
      {"headers", {{"Content-Type", "application/json"}, {"X-Device", "${deviceName}"}}},
      {"readTimeoutMs", 5000}};
  auto msg = message(device, R"({"unit":"c","t":21})");
  msg.metadata.emplace_back("deviceName", "sensor-1");
  auto result = call(config, msg);
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.data, R"({"unit":"c","t":21})");  // the echoed response body
  EXPECT_EQ(metadata(result, "status"), "OK");
  EXPECT_EQ(metadata(result, "statusCode"), "200");
  EXPECT_EQ(metadata(result, "statusReason"), "OK");
  EXPECT_EQ(metadata(result, "X-Echo-Method"), "POST");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/api/sensor-1/c");
  EXPECT_EQ(seen[0].headers["X-Device"], "sensor-1");
  EXPECT_EQ(seen[0].headers["Content-Type"], "application/json");
}

TEST_F(RestApiCallNodeTest, GetSendsNoBodyAndBasicCredentials) {
  bj::object config{{"restEndpointUrlPattern", server.url("/read")},
                    {"requestMethod", "GET"},
                    {"credentials", {{"type", "basic"}, {"username", "u"}, {"password", "p"}}}};
  auto result = call(config, message(device, R"({"a":1})"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.data, "{}");  // an empty answer becomes an empty object
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].body, "");
  EXPECT_EQ(seen[0].headers["Authorization"], "Basic dTpw");
}

TEST_F(RestApiCallNodeTest, IgnoreRequestBody) {
  bj::object config{{"restEndpointUrlPattern", server.url("/put")},
                    {"requestMethod", "PUT"},
                    {"ignoreRequestBody", true}};
  auto result = call(config, message(device, R"({"a":1})"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(server.seen().at(0).body, "");
}

TEST_F(RestApiCallNodeTest, ErrorStatusFailsWithStatusAndBody) {
  bj::object config{{"restEndpointUrlPattern", server.url("/status/404")}};
  auto result = call(config, message(device, R"({"a":1})"));
  ASSERT_EQ(result.relations, relations(kFailure));
  EXPECT_EQ(result.msg.data, R"({"a":1})");
  EXPECT_EQ(metadata(result, "status"), "NOT_FOUND");
  EXPECT_EQ(metadata(result, "statusCode"), "404");
  EXPECT_EQ(metadata(result, "error_body"), "failed");
  EXPECT_EQ(metadata(result, "error"), "404 Not Found");
}

TEST_F(RestApiCallNodeTest, TimeoutAndRefusedConnectionFail) {
  bj::object slow{{"restEndpointUrlPattern", server.url("/slow")}, {"readTimeoutMs", 300}};
  const auto start = std::chrono::steady_clock::now();
  auto timed_out = call(slow, message(device));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  ASSERT_EQ(timed_out.relations, relations(kFailure));
  EXPECT_NE(metadata(timed_out, "error").find("timed out"), std::string::npos);

  std::uint16_t closed_port = 0;
  {
    testing::HttpTestServer gone;
    closed_port = gone.port();
  }
  bj::object refused{
      {"restEndpointUrlPattern", "http://127.0.0.1:" + std::to_string(closed_port) + "/x"}};
  auto failed = call(refused, message(device));
  ASSERT_EQ(failed.relations, relations(kFailure));
  EXPECT_NE(metadata(failed, "error").find("connect"), std::string::npos);
}

TEST_F(RestApiCallNodeTest, HttpsToAPlainServerFailsInTheHandshake) {
  bj::object config{
      {"restEndpointUrlPattern", "https://127.0.0.1:" + std::to_string(server.port()) + "/tls"},
      {"readTimeoutMs", 2000}};
  auto result = call(config, message(device));
  ASSERT_EQ(result.relations, relations(kFailure));
  EXPECT_NE(metadata(result, "error").find("TLS handshake"), std::string::npos)
      << metadata(result, "error");
}

TEST_F(RestApiCallNodeTest, BadUrlsFailTheMessageAndAMissingUrlTheNode) {
  auto result = call({{"restEndpointUrlPattern", "ftp://host/x"}}, message(device));
  EXPECT_EQ(result.relations, relations(kFailure));
  // Message content cannot add headers or requests through a pattern.
  bj::object injected{{"restEndpointUrlPattern", server.url("/x")},
                      {"headers", {{"X-Name", "$[name]"}}}};
  auto refused = call(injected, message(device, R"({"name":"a\r\nX-Admin: yes"})"));
  EXPECT_EQ(refused.relations, relations(kFailure));
  EXPECT_TRUE(server.seen().empty());
  EXPECT_FALSE(harness.create("rest.TbRestApiCallNode", {}));
  EXPECT_FALSE(harness.create("rest.TbRestApiCallNode", {{"restEndpointUrlPattern", "http://h/"},
                                                         {"credentials", {{"type", "cert.PEM"}}}}));
}

// Regression: Beast throws for a header over 65 533 bytes (and for a TRACE with a body), which
// ended the process from the consumer thread; headers and the URL come from message data.
TEST_F(RestApiCallNodeTest, RequestsBeastCannotSendFailTheMessage) {
  bj::object config{{"restEndpointUrlPattern", server.url("/x")},
                    {"headers", {{"X-Value", "$[v]"}, {"$[n]", "1"}}}};
  const std::string big(70000, 'v');
  for (std::string data :
       {json::serialize(bj::object{{"v", big}, {"n", "X-N"}}),
        json::serialize(bj::object{{"v", "1"}, {"n", big}}),
        json::serialize(bj::object{{"v", std::string(8193, 'v')}, {"n", "X"}})}) {
    auto result = call(config, message(device, data));
    ASSERT_EQ(result.relations, relations(kFailure));
    EXPECT_NE(metadata(result, "error").find("longer than 8192 bytes"), std::string::npos)
        << metadata(result, "error");
  }
  auto host = call({{"restEndpointUrlPattern", "http://$[h]/x"}},
                   message(device, json::serialize(bj::object{{"h", std::string(70000, 'h')}})));
  ASSERT_EQ(host.relations, relations(kFailure));
  EXPECT_NE(metadata(host, "error").find("host longer than 255"), std::string::npos);
  auto port = call({{"restEndpointUrlPattern", "http://127.0.0.1:$[p]/x"}},
                   message(device, json::serialize(bj::object{{"p", std::string(70000, '1')}})));
  ASSERT_EQ(port.relations, relations(kFailure));
  EXPECT_NE(metadata(port, "error").find("invalid port"), std::string::npos);
  auto trace = call({{"restEndpointUrlPattern", server.url("/x")}, {"requestMethod", "TRACE"}},
                    message(device, R"({"a":1})"));
  ASSERT_EQ(trace.relations, relations(kFailure));
  EXPECT_NE(metadata(trace, "error").find("cannot be sent"), std::string::npos);
  EXPECT_TRUE(server.seen().empty());
  auto fits = call(
      config,
      message(device, json::serialize(bj::object{{"v", std::string(1000, 'v')}, {"n", "X-N"}})));
  EXPECT_EQ(fits.relations, relations(kSuccess));
  EXPECT_EQ(server.seen().at(0).headers["X-Value"].size(), 1000u);
}

class MqttNodeTest : public testing::NodeTest {
 protected:
  void SetUp() override {
    if (testing::mosquitto_binary().empty()) GTEST_SKIP() << "mosquitto is not installed";
  }

  static bj::object config(std::uint16_t port, std::string_view topic = "devices/${deviceName}") {
    return {{"host", "127.0.0.1"},          {"port", port},
            {"topicPattern", topic},        {"clientId", "rule-node"},
            {"appendClientIdSuffix", true}, {"cleanSession", true},
            {"connectTimeoutSec", 2},       {"credentials", {{"type", "anonymous"}}}};
  }
  model::Msg named_message(std::string data = R"({"t":21})") {
    auto msg = message(device, std::move(data));
    msg.metadata.emplace_back("deviceName", "sensor-1");
    return msg;
  }
};

TEST_F(MqttNodeTest, PublishesToTheTopicPatternAndSucceedsAtThePuback) {
  testing::Mosquitto broker;
  ASSERT_TRUE(broker.running());
  testing::MqttTestSubscriber subscriber(broker.port(), "devices/#");
  ASSERT_TRUE(subscriber.subscribed());
  auto node = harness.create("mqtt.TbMqttNode", config(broker.port()));
  ASSERT_TRUE(node);
  auto result = testing::NodeHarness::run(**node, named_message());
  ASSERT_EQ(result.relations, relations(kSuccess)) << metadata(result, "error");
  auto received = subscriber.next_publish();
  ASSERT_TRUE(received);
  EXPECT_EQ(received->topic, "devices/sensor-1");
  EXPECT_EQ(received->payload, R"({"t":21})");
  EXPECT_EQ(received->qos, 1);
  // The connection is kept for the next message.
  EXPECT_EQ(testing::NodeHarness::run(**node, named_message("{}")).relations, relations(kSuccess));
  EXPECT_EQ(subscriber.next_publish()->payload, "{}");
}

// Regression: a topic built from message data longer than MQTT allows aborted the process in
// the encoder, stopping every tenant. It fails the message; the node goes on.
TEST_F(MqttNodeTest, ATopicTooLongForMqttFailsTheMessage) {
  testing::Mosquitto broker;
  ASSERT_TRUE(broker.running());
  auto node = harness.create("mqtt.TbMqttNode", config(broker.port(), "devices/$[name]"));
  ASSERT_TRUE(node);
  const std::string huge(100'000, 'n');
  auto failed = testing::NodeHarness::run(**node, named_message(R"({"name":")" + huge + R"("})"));
  ASSERT_EQ(failed.relations, relations(kFailure));
  EXPECT_NE(metadata(failed, "error").find("topic"), std::string::npos)
      << metadata(failed, "error");
  EXPECT_EQ(testing::NodeHarness::run(**node, named_message(R"({"name":"short"})")).relations,
            relations(kSuccess));
}

TEST_F(MqttNodeTest, RetainedMessageAndPlainText) {
  testing::Mosquitto broker;
  ASSERT_TRUE(broker.running());
  auto retained = config(broker.port(), "state/$[room]");
  retained["retainedMessage"] = true;
  ASSERT_EQ(run("mqtt.TbMqttNode", retained, named_message(R"({"room":"hall"})")).relations,
            relations(kSuccess));
  auto plain = config(broker.port(), "state/plain");
  plain["retainedMessage"] = true;
  plain["parseToPlainText"] = true;
  ASSERT_EQ(run("mqtt.TbMqttNode", plain, named_message(R"("on")")).relations, relations(kSuccess));
  // Subscribers that come later still get them.
  testing::MqttTestSubscriber hall(broker.port(), "state/hall");
  auto received = hall.next_publish();
  ASSERT_TRUE(received);
  EXPECT_TRUE(received->retain);
  EXPECT_EQ(received->payload, R"({"room":"hall"})");
  testing::MqttTestSubscriber text(broker.port(), "state/plain");
  received = text.next_publish();
  ASSERT_TRUE(received);
  EXPECT_EQ(received->payload, "on");
}

TEST_F(MqttNodeTest, BasicCredentialsAreChecked) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ps-passwd-" + Uuid::random().to_string());
  std::filesystem::create_directories(dir);
  const auto file = (dir / "passwd").string();
  ASSERT_EQ(std::system(("mosquitto_passwd -b -c " + file + " user secret").c_str()), 0);
  testing::Mosquitto broker("allow_anonymous false\npassword_file " + file + "\n");
  ASSERT_TRUE(broker.running());
  auto good = config(broker.port());
  good["credentials"] = bj::object{{"type", "basic"}, {"username", "user"}, {"password", "secret"}};
  EXPECT_EQ(run("mqtt.TbMqttNode", good, named_message()).relations, relations(kSuccess));
  auto bad = config(broker.port());
  bad["credentials"] = bj::object{{"type", "basic"}, {"username", "user"}, {"password", "wrong"}};
  auto refused = run("mqtt.TbMqttNode", bad, named_message());
  ASSERT_EQ(refused.relations, relations(kFailure));
  EXPECT_NE(metadata(refused, "error").find("refused"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(MqttNodeTest, FailsWhileTheBrokerIsDownAndReconnectsWhenItIsBack) {
  auto broker = std::make_unique<testing::Mosquitto>();
  ASSERT_TRUE(broker->running());
  const auto port = broker->port();
  auto node = harness.create("mqtt.TbMqttNode", config(port));
  ASSERT_TRUE(node);
  ASSERT_EQ(testing::NodeHarness::run(**node, named_message()).relations, relations(kSuccess));
  broker.reset();
  auto down = testing::NodeHarness::run(**node, named_message());
  ASSERT_EQ(down.relations, relations(kFailure));
  EXPECT_NE(metadata(down, "error").find("MQTT broker"), std::string::npos);
  broker = std::make_unique<testing::Mosquitto>("allow_anonymous true\n", port);
  ASSERT_TRUE(broker->running());
  testing::MqttTestSubscriber subscriber(port, "devices/#");
  auto back = testing::NodeHarness::run(**node, named_message());
  ASSERT_EQ(back.relations, relations(kSuccess)) << metadata(back, "error");
  EXPECT_TRUE(subscriber.next_publish());
}

TEST_F(MqttNodeTest, RefusesIncompleteOrUnsupportedConfiguration) {
  EXPECT_FALSE(harness.create("mqtt.TbMqttNode", {{"host", "h"}}));
  EXPECT_FALSE(harness.create("mqtt.TbMqttNode", {{"topicPattern", "t"}}));
  auto tls = config(1883);
  tls["ssl"] = true;
  EXPECT_FALSE(harness.create("mqtt.TbMqttNode", tls));
  auto pem = config(1883);
  pem["credentials"] = bj::object{{"type", "cert.PEM"}};
  EXPECT_FALSE(harness.create("mqtt.TbMqttNode", pem));
}

}  // namespace
}  // namespace pacificsoft::rule
