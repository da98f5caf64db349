// Nodes that call outside systems, against real servers: the REST call node against a local HTTP
// server, the MQTT node against a Mosquitto broker started for the test.
#include <chrono>

#include "rule/testing/http_test_server.h"
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
  EXPECT_FALSE(harness.create("rest.TbRestApiCallNode", {}));
  EXPECT_FALSE(harness.create("rest.TbRestApiCallNode", {{"restEndpointUrlPattern", "http://h/"},
                                                         {"credentials", {{"type", "cert.PEM"}}}}));
}

}  // namespace
}  // namespace pacificsoft::rule
