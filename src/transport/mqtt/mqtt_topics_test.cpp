#include "transport/mqtt/mqtt_topics.h"

#include <gtest/gtest.h>

namespace pacificsoft::transport::mqtt {
namespace {

TEST(MqttTopicsTest, UplinksInBothSpellings) {
  auto telemetry = parse_uplink_topic("v1/devices/me/telemetry");
  ASSERT_TRUE(telemetry);
  EXPECT_EQ(telemetry->kind, Uplink::kTelemetry);
  EXPECT_EQ(parse_uplink_topic("v2/t")->kind, Uplink::kTelemetry);
  EXPECT_EQ(parse_uplink_topic("v2/t/j")->family, TopicFamily::kV2Json);

  auto request = parse_uplink_topic("v1/devices/me/attributes/request/17");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->kind, Uplink::kAttributeRequest);
  EXPECT_EQ(request->request_id, "17");
  auto short_request = parse_uplink_topic("v2/a/req/j/5");
  ASSERT_TRUE(short_request);
  EXPECT_EQ(short_request->family, TopicFamily::kV2Json);
  EXPECT_EQ(short_request->request_id, "5");
  EXPECT_EQ(parse_uplink_topic("v1/devices/me/rpc/response/3")->kind, Uplink::kRpcResponse);
  EXPECT_EQ(parse_uplink_topic("v1/gateway/attributes/request")->kind,
            Uplink::kGatewayAttributeRequest);
}

TEST(MqttTopicsTest, UnknownTopicsAndMissingIds) {
  EXPECT_FALSE(parse_uplink_topic("v1/devices/me/telemetry/extra"));
  EXPECT_FALSE(parse_uplink_topic("v1/devices/me/attributes/request/"));
  EXPECT_FALSE(parse_uplink_topic("v2/t/p"));  // protobuf is not spoken here
  EXPECT_FALSE(parse_uplink_topic(""));
}

TEST(MqttTopicsTest, FiltersAreMatchedExactlyAsTheReferenceSpellsThem) {
  EXPECT_EQ(parse_downlink_filter("v1/devices/me/rpc/request/+")->kind, Downlink::kRpcRequests);
  EXPECT_EQ(parse_downlink_filter("v2/r/req/+")->family, TopicFamily::kV2);
  EXPECT_FALSE(parse_downlink_filter("v1/devices/me/#"));
  EXPECT_FALSE(parse_downlink_filter("v1/devices/me/rpc/request/#"));
}

TEST(MqttTopicsTest, DownlinkTopicsAnswerInTheDevicesSpelling) {
  EXPECT_EQ(downlink_topic(Downlink::kRpcRequests, TopicFamily::kV1, 42),
            "v1/devices/me/rpc/request/42");
  EXPECT_EQ(downlink_topic(Downlink::kRpcRequests, TopicFamily::kV2, 42), "v2/r/req/42");
  EXPECT_EQ(downlink_topic(Downlink::kAttributeResponses, TopicFamily::kV2Json, 7), "v2/a/res/j/7");
  EXPECT_EQ(downlink_topic(Downlink::kAttributeUpdates, TopicFamily::kV1),
            "v1/devices/me/attributes");
}

TEST(MqttTopicsTest, RequestIdsParseAsJavaInts) {
  EXPECT_EQ(parse_request_id("17"), 17);
  EXPECT_EQ(parse_request_id("+3"), 3);
  EXPECT_EQ(parse_request_id("-1"), -1);
  EXPECT_FALSE(parse_request_id("2147483648"));
  EXPECT_FALSE(parse_request_id("1a"));
  EXPECT_FALSE(parse_request_id(""));
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
