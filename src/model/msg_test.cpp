#include "model/msg.h"

#include <gtest/gtest.h>

namespace pacificsoft::model {
namespace {

Msg sample() {
  Msg msg;
  msg.id = Uuid::random();
  msg.type = std::string(msg_type::kPostTelemetry);
  msg.originator = {EntityType::kDevice, Uuid::random()};
  msg.tenant_id = Uuid::random();
  msg.ts = 1700000000123;
  msg.metadata = {{"deviceName", "Thermostat A"}, {"ts", "1700000000123"}};
  msg.data = R"({"temperature":21.5})";
  return msg;
}

TEST(MsgTest, RoundTrips) {
  const Msg msg = sample();
  auto decoded = decode_msg(encode_msg(msg));
  ASSERT_TRUE(decoded) << decoded.status().to_string();
  EXPECT_EQ(*decoded, msg);
  EXPECT_EQ(decoded->metadata_value("deviceName"), "Thermostat A");
  EXPECT_EQ(decoded->metadata_value("missing"), "");
}

TEST(MsgTest, RoundTripsARuleNodesResumePoint) {
  Msg msg = sample();
  msg.resume = MsgResume{Uuid::random(), Uuid::random(), "Success"};
  const std::string bytes = encode_msg(msg);
  EXPECT_EQ(bytes[0], 2);  // messages without one keep version 1
  EXPECT_EQ(encode_msg(sample())[0], 1);
  auto decoded = decode_msg(bytes);
  ASSERT_TRUE(decoded) << decoded.status().to_string();
  EXPECT_EQ(*decoded, msg);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(decode_msg(std::string_view(bytes).substr(0, size))) << size;
  }
}

TEST(MsgTest, RefusesEveryTruncationAndTrailingBytes) {
  const std::string bytes = encode_msg(sample());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(decode_msg(std::string_view(bytes).substr(0, size))) << size;
  }
  EXPECT_FALSE(decode_msg(bytes + "x"));
  std::string other_version = bytes;
  other_version[0] = 9;
  EXPECT_FALSE(decode_msg(other_version));
}

}  // namespace
}  // namespace pacificsoft::model
