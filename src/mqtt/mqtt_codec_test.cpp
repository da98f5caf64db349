// Round trips of every packet type in both versions, byte-exact frames of well-known packets,
// and the encoder's version-specific choices (short forms, 3.1.1 return codes).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "mqtt/mqtt_codec.h"
#include "mqtt/mqtt_test_support.h"

namespace pacificsoft::transport::mqtt {
namespace {

using testing::bytes;
using testing::decode_as;
using testing::encode;
using testing::kV311;
using testing::kV5;

struct RoundTripCase {
  std::string name;
  Packet packet;
  ProtocolVersion version;
};

Properties message_properties() {
  Properties properties;
  properties.payload_format_indicator = 1;
  properties.message_expiry_interval = 3600;
  properties.content_type = "application/json";
  properties.response_topic = "replies/42";
  properties.correlation_data = std::string("\x00\x01\xff", 3);
  properties.user_properties = {{"k", "v"}, {"k", "second"}};
  return properties;
}

Properties connack_properties() {
  Properties properties;
  properties.session_expiry_interval = 0;
  properties.assigned_client_identifier = "auto-1";
  properties.server_keep_alive = 30;
  properties.reason_string = "welcome";
  properties.receive_maximum = 20;
  properties.topic_alias_maximum = 0;
  properties.maximum_qos = 1;
  properties.retain_available = 1;
  properties.maximum_packet_size = 65536;
  properties.wildcard_subscription_available = 1;
  properties.subscription_identifier_available = 0;
  properties.shared_subscription_available = 0;
  return properties;
}

Properties reason_string(const char* text) {
  Properties properties;
  properties.reason_string = text;
  properties.user_properties = {{"why", "test"}};
  return properties;
}

std::vector<RoundTripCase> v311_cases() {
  Will will{"status/dev1", "offline", 1, true, {}};
  return {
      {"Connect", Connect{kV311, true, 60, "dev1", "user", "secret", will, {}}, kV311},
      {"ConnectEmptyId", Connect{kV311, true, 0, "", std::nullopt, std::nullopt, std::nullopt, {}},
       kV311},
      {"Connect31", Connect{ProtocolVersion::kV3_1, false, 10, "old", "u", "p", std::nullopt, {}},
       kV311},
      {"Connack", Connack{true, Reason::kSuccess, {}}, kV311},
      {"ConnackRefused", Connack{false, Reason::kNotAuthorized, {}}, kV311},
      {"Publish", Publish{false, 0, false, "a/b", 0, {}, "payload"}, kV311},
      {"PublishQos2", Publish{true, 2, true, "a/b", 7, {}, std::string(300, 'x')}, kV311},
      {"Puback", PublishResponse{PacketType::kPuback, 1, Reason::kSuccess, {}}, kV311},
      {"Pubrec", PublishResponse{PacketType::kPubrec, 2, Reason::kSuccess, {}}, kV311},
      {"Pubrel", PublishResponse{PacketType::kPubrel, 3, Reason::kSuccess, {}}, kV311},
      {"Pubcomp", PublishResponse{PacketType::kPubcomp, 65535, Reason::kSuccess, {}}, kV311},
      {"Subscribe", Subscribe{9, {}, {{"a/+", 1}, {"b/#", 2}}}, kV311},
      {"Suback", Suback{9, {}, {Reason::kGrantedQos1, Reason::kUnspecifiedError}}, kV311},
      {"Unsubscribe", Unsubscribe{10, {}, {"a/+", "b/#"}}, kV311},
      {"Unsuback", Unsuback{10, {}, {}}, kV311},
      {"Pingreq", Pingreq{}, kV311},
      {"Pingresp", Pingresp{}, kV311},
      {"Disconnect", Disconnect{}, kV311},
  };
}

std::vector<RoundTripCase> v5_cases() {
  Properties connect_properties;
  connect_properties.session_expiry_interval = 120;
  connect_properties.receive_maximum = 10;
  connect_properties.maximum_packet_size = 4096;
  connect_properties.topic_alias_maximum = 5;
  Will will{"status/dev1", std::string("\x00\x01", 2), 2, false, message_properties()};
  Properties publish_properties = message_properties();
  publish_properties.subscription_identifiers = {1, 268'435'455};
  Properties alias;
  alias.topic_alias = 3;
  Properties subscription_id;
  subscription_id.subscription_identifiers = {77};
  Properties user;
  user.user_properties = {{"client", "x"}};
  Properties session_end;
  session_end.session_expiry_interval = 0;
  return {
      {"Connect", Connect{kV5, false, 30, "dev1", "user", "pw", will, connect_properties}, kV5},
      // MQTT 5 allows a password without a user name.
      {"ConnectPasswordOnly", Connect{kV5, true, 0, "", std::nullopt, "token", std::nullopt, {}},
       kV5},
      {"Connack", Connack{false, Reason::kSuccess, connack_properties()}, kV5},
      {"ConnackRefused", Connack{false, Reason::kBanned, reason_string("banned")}, kV5},
      {"Publish", Publish{false, 1, true, "a/b", 5, publish_properties, "{}"}, kV5},
      {"PublishAliased", Publish{false, 0, false, "", 0, alias, "x"}, kV5},
      {"Puback", PublishResponse{PacketType::kPuback, 1, Reason::kSuccess, {}}, kV5},
      {"PubackReasonOnly",
       PublishResponse{PacketType::kPuback, 1, Reason::kNoMatchingSubscribers, {}}, kV5},
      {"Pubrec",
       PublishResponse{PacketType::kPubrec, 2, Reason::kQuotaExceeded, reason_string("q")}, kV5},
      {"Pubrel", PublishResponse{PacketType::kPubrel, 3, Reason::kPacketIdentifierNotFound, {}},
       kV5},
      {"Pubcomp", PublishResponse{PacketType::kPubcomp, 4, Reason::kSuccess, reason_string("ok")},
       kV5},
      {"Subscribe",
       Subscribe{
           9, subscription_id, {{"a/+", 1, true, true, 2}, {"$share/g/b/#", 0, false, false, 1}}},
       kV5},
      {"Suback", Suback{9, reason_string("s"), {Reason::kGrantedQos2, Reason::kTopicFilterInvalid}},
       kV5},
      {"Unsubscribe", Unsubscribe{10, user, {"a/+"}}, kV5},
      {"Unsuback", Unsuback{10, {}, {Reason::kSuccess, static_cast<Reason>(0x11)}}, kV5},
      {"Pingreq", Pingreq{}, kV5},
      {"Pingresp", Pingresp{}, kV5},
      {"Disconnect", Disconnect{}, kV5},
      {"DisconnectWithWill", Disconnect{static_cast<Reason>(0x04), {}}, kV5},
      {"DisconnectWithProperties", Disconnect{Reason::kServerShuttingDown, session_end}, kV5},
      {"Auth", Auth{}, kV5},
      {"AuthContinue", Auth{static_cast<Reason>(0x18), reason_string("more")}, kV5},
  };
}

// Names the case instead of dumping its bytes in failure messages.
void PrintTo(const RoundTripCase& c, std::ostream* out) { *out << c.name; }

class RoundTripTest : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(RoundTripTest, DecodesToTheEncodedPacket) {
  const RoundTripCase& c = GetParam();
  const std::string frame = encode(c.packet, c.version);
  FrameHeader header;
  ASSERT_EQ(peek_frame(frame, 1'000'000, header), FrameStatus::kComplete);
  EXPECT_EQ(header.frame_size(), frame.size());
  Decoded decoded = decode_packet(frame, c.version);
  ASSERT_TRUE(std::holds_alternative<Packet>(decoded))
      << "refused: 0x" << std::hex << int(std::get<Reason>(decoded));
  EXPECT_TRUE(std::get<Packet>(decoded) == c.packet);
  EXPECT_EQ(encode(std::get<Packet>(decoded), c.version), frame);
}

std::string case_name(const ::testing::TestParamInfo<RoundTripCase>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(V311, RoundTripTest, ::testing::ValuesIn(v311_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(V5, RoundTripTest, ::testing::ValuesIn(v5_cases()), case_name);

TEST(MqttVectorsTest, MosquittoPubConnect311) {
  // mosquitto_pub -V mqttv311 -i pub1 -t a -m b: clean session, keep alive 60.
  const std::string frame = bytes({0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00,
                                   0x3C, 0x00, 0x04, 'p', 'u', 'b', '1'});
  const Connect expected{kV311, true, 60, "pub1", std::nullopt, std::nullopt, std::nullopt, {}};
  EXPECT_EQ(decode_as<Connect>(frame, kV311), expected);
  EXPECT_EQ(encode(expected, kV311), frame);
}

TEST(MqttVectorsTest, MosquittoPubConnect5IsDecodedAsV5WhateverTheConnectionSays) {
  const std::string frame = bytes({0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00,
                                   0x3C, 0x00, 0x00, 0x04, 'p', 'u', 'b', '1'});
  const Connect expected{kV5, true, 60, "pub1", std::nullopt, std::nullopt, std::nullopt, {}};
  EXPECT_EQ(decode_as<Connect>(frame, kV311), expected);
  EXPECT_EQ(encode(expected, kV311), frame);
}

TEST(MqttVectorsTest, Connack) {
  EXPECT_EQ(encode(Connack{}, kV311), bytes({0x20, 0x02, 0x00, 0x00}));
  EXPECT_EQ(encode(Connack{true, Reason::kSuccess, {}}, kV311), bytes({0x20, 0x02, 0x01, 0x00}));
  Properties properties;
  properties.maximum_qos = 1;
  properties.receive_maximum = 10;
  EXPECT_EQ(encode(Connack{false, Reason::kSuccess, properties}, kV5),
            bytes({0x20, 0x08, 0x00, 0x00, 0x05, 0x21, 0x00, 0x0A, 0x24, 0x01}));
}

TEST(MqttVectorsTest, Publish) {
  const std::string frame = bytes({0x32, 0x09, 0x00, 0x03, 'a', '/', 'b', 0x00, 0x0A, 'h', 'i'});
  EXPECT_EQ(encode(Publish{false, 1, false, "a/b", 10, {}, "hi"}, kV311), frame);
  EXPECT_EQ(encode(Publish{false, 0, true, "t", 0, {}, "x"}, kV5),
            bytes({0x31, 0x05, 0x00, 0x01, 't', 0x00, 'x'}));
}

TEST(MqttVectorsTest, SubscribeAndSuback) {
  EXPECT_EQ(decode_as<Subscribe>(bytes({0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x01}), kV311),
            (Subscribe{1, {}, {{"a", 1}}}));
  EXPECT_EQ(encode(Suback{1, {}, {Reason::kGrantedQos1, Reason::kNotAuthorized}}, kV311),
            bytes({0x90, 0x04, 0x00, 0x01, 0x01, 0x80}));
}

TEST(MqttVectorsTest, PacketsWithoutBody) {
  EXPECT_EQ(encode(Pingreq{}, kV311), bytes({0xC0, 0x00}));
  EXPECT_EQ(encode(Pingresp{}, kV5), bytes({0xD0, 0x00}));
  EXPECT_EQ(encode(Disconnect{}, kV311), bytes({0xE0, 0x00}));
}

TEST(MqttEncodeTest, PubackUsesTheShortFormsInV5) {
  EXPECT_EQ(encode(PublishResponse{PacketType::kPuback, 1, Reason::kSuccess, {}}, kV5),
            bytes({0x40, 0x02, 0x00, 0x01}));
  EXPECT_EQ(
      encode(PublishResponse{PacketType::kPuback, 1, Reason::kNoMatchingSubscribers, {}}, kV5),
      bytes({0x40, 0x03, 0x00, 0x01, 0x10}));
  Properties properties;
  properties.reason_string = "x";
  EXPECT_EQ(encode(PublishResponse{PacketType::kPuback, 1, Reason::kSuccess, properties}, kV5),
            bytes({0x40, 0x08, 0x00, 0x01, 0x00, 0x04, 0x1F, 0x00, 0x01, 'x'}));
}

TEST(MqttEncodeTest, PubrelCarriesItsFixedFlags) {
  EXPECT_EQ(encode(PublishResponse{PacketType::kPubrel, 1, Reason::kSuccess, {}}, kV311),
            bytes({0x62, 0x02, 0x00, 0x01}));
}

TEST(MqttEncodeTest, DisconnectUsesTheShortFormsInV5) {
  EXPECT_EQ(encode(Disconnect{}, kV5), bytes({0xE0, 0x00}));
  EXPECT_EQ(encode(Disconnect{Reason::kServerShuttingDown, {}}, kV5), bytes({0xE0, 0x01, 0x8B}));
}

TEST(MqttEncodeTest, V311WritesNoReasonsOrProperties) {
  Properties properties;
  properties.reason_string = "dropped";
  EXPECT_EQ(encode(Disconnect{Reason::kServerShuttingDown, properties}, kV311),
            bytes({0xE0, 0x00}));
  EXPECT_EQ(
      encode(PublishResponse{PacketType::kPuback, 1, Reason::kQuotaExceeded, properties}, kV311),
      bytes({0x40, 0x02, 0x00, 0x01}));
  EXPECT_EQ(encode(Unsuback{1, properties, {Reason::kSuccess}}, kV311),
            bytes({0xB0, 0x02, 0x00, 0x01}));
  EXPECT_EQ(encode(Publish{false, 0, false, "t", 0, message_properties(), "x"}, kV311),
            bytes({0x30, 0x04, 0x00, 0x01, 't', 'x'}));
  EXPECT_EQ(encode(Subscribe{1, {}, {{"a", 1, true, true, 2}}}, kV311),
            bytes({0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x01}));
}

TEST(MqttEncodeTest, ConnackReasonsBecome311ReturnCodes) {
  const std::vector<std::pair<Reason, int>> table{
      {Reason::kSuccess, 0},
      {Reason::kUnsupportedProtocolVersion, 1},
      {Reason::kClientIdentifierNotValid, 2},
      {Reason::kServerUnavailable, 3},
      {Reason::kServerBusy, 3},
      {Reason::kConnectionRateExceeded, 3},
      {Reason::kUnspecifiedError, 3},
      {Reason::kBadUserNameOrPassword, 4},
      {Reason::kNotAuthorized, 5},
      {Reason::kBanned, 5},
  };
  for (const auto& [reason, code] : table) {
    EXPECT_EQ(encode(Connack{false, reason, {}}, kV311), bytes({0x20, 0x02, 0x00, code}))
        << "reason 0x" << std::hex << int(reason);
  }
}

TEST(MqttEncodeTest, SubackFailuresBecome0x80In311) {
  EXPECT_EQ(
      encode(
          Suback{
              1, {}, {Reason::kGrantedQos2, Reason::kTopicFilterInvalid, Reason::kQuotaExceeded}},
          kV311),
      bytes({0x90, 0x05, 0x00, 0x01, 0x02, 0x80, 0x80}));
  EXPECT_EQ(encode(Suback{1, {}, {Reason::kTopicFilterInvalid}}, kV5),
            bytes({0x90, 0x04, 0x00, 0x01, 0x00, 0x8F}));
}

TEST(MqttEncodeTest, EncodingAppendsToTheBuffer) {
  std::string out = "previous";
  EXPECT_TRUE(encode_packet(Pingreq{}, kV311, out));
  EXPECT_EQ(out, "previous" + bytes({0xC0, 0x00}));
}

// Regression: a topic over 65 535 bytes (built by the MQTT publish node from message data)
// aborted the process in the encoder.
TEST(MqttEncodeTest, ValuesTooLongForTheirFieldFailThePacket) {
  std::string out = "previous";
  Publish publish;
  publish.topic = std::string(100'000, 't');
  EXPECT_FALSE(encode_packet(publish, kV311, out));
  EXPECT_EQ(out, "previous") << "nothing of a refused packet is written";

  Publish with_property;
  with_property.topic = "t";
  with_property.properties.user_properties.emplace_back("k", std::string(70'000, 'v'));
  EXPECT_FALSE(encode_packet(with_property, ProtocolVersion::kV5, out));

  Publish huge;
  huge.topic = "t";
  huge.payload = std::string(268'435'456, 'p');  // one byte over the largest remaining length
  EXPECT_FALSE(encode_packet(huge, kV311, out));
  EXPECT_EQ(out, "previous");

  publish.topic = std::string(65'535, 't');  // the longest that fits
  EXPECT_TRUE(encode_packet(publish, kV311, out));
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
