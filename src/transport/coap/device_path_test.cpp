#include "transport/coap/internal/device_path.h"

#include <gtest/gtest.h>

namespace pacificsoft::transport::coap::detail {
namespace {

TEST(CoapDevicePath, Features) {
  auto telemetry = parse_device_path("api/v1/abc/telemetry");
  ASSERT_TRUE(telemetry);
  EXPECT_EQ(telemetry->feature, Feature::kTelemetry);
  EXPECT_EQ(telemetry->token, "abc");
  EXPECT_EQ(parse_device_path("/api/v1/abc/attributes/")->feature, Feature::kAttributes);
  EXPECT_EQ(parse_device_path("api/v1/abc/rpc")->feature, Feature::kRpc);
  auto reply = parse_device_path("api/v1/abc/rpc/42");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->feature, Feature::kRpcReply);
  EXPECT_EQ(reply->request_id, 42);
  EXPECT_EQ(parse_device_path("api/v1/provision")->feature, Feature::kProvision);
}

TEST(CoapDevicePath, OthersAreNotOurs) {
  for (const char* path :
       {"", "api", "api/v1", "api/v2/abc/telemetry", "api/v1/abc/claim", "api/v1/abc/telemetry/1",
        "api/v1/abc/rpc/x", "api/v1/abc/rpc/1x", "api/v1//telemetry", "api/v1/a/rpc/1/2",
        "api/v1/abc/rpc/99999999999", ".well-known/core"}) {
    EXPECT_FALSE(parse_device_path(path)) << path;
  }
}

TEST(CoapDevicePath, QueryParameters) {
  EXPECT_EQ(query_param("clientKeys=a,b&sharedKeys=c", "sharedKeys"), "c");
  EXPECT_EQ(query_param("clientKeys=a,b&sharedKeys=c", "clientKeys"), "a,b");
  EXPECT_EQ(query_param("clientKeys=", "clientKeys"), "");
  EXPECT_EQ(query_param("clientKeys", "clientKeys"), "");
  EXPECT_FALSE(query_param("clientKeysX=1", "clientKeys"));
  EXPECT_FALSE(query_param("", "clientKeys"));
}

}  // namespace
}  // namespace pacificsoft::transport::coap::detail
