// decode_packet's refusals: each rule of the specifications the decoder enforces, with the
// reason the server closes the connection with.
#include <gtest/gtest.h>

#include <string>

#include "mqtt/mqtt_codec.h"
#include "mqtt/mqtt_test_support.h"

namespace pacificsoft::transport::mqtt {
namespace {

using testing::bytes;
using testing::decode_as;
using testing::frame;
using testing::kV311;
using testing::kV5;
using testing::refusal;
using testing::str;

constexpr Reason kMalformed = Reason::kMalformedPacket;
constexpr Reason kProtocol = Reason::kProtocolError;
constexpr Reason kDecoded = Reason::kSuccess;

// A CONNECT body after the protocol name and level: flags, keep alive 60, then rest.
std::string connect_frame(std::string_view name, int level, int flags, const std::string& rest) {
  return frame(0x10, str(name) + bytes({level, flags, 0x00, 0x3C}) + rest);
}

// A v5 PUBLISH (QoS 0, topic "t", payload "x") with a raw property list.
std::string publish_with_properties(const std::string& properties) {
  return frame(0x30, str("t") + bytes({static_cast<int>(properties.size())}) + properties + "x");
}

TEST(MqttDecodeTest, ReservedFixedHeaderFlags) {
  EXPECT_EQ(refusal(bytes({0x62, 0x02, 0x00, 0x01}), kV311), kDecoded);
  EXPECT_EQ(refusal(bytes({0x60, 0x02, 0x00, 0x01}), kV311), kMalformed);  // PUBREL needs 0010
  EXPECT_EQ(refusal(bytes({0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x00}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0xA0, 0x05, 0x00, 0x01, 0x00, 0x01, 'a'}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0x42, 0x02, 0x00, 0x01}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0xC1, 0x00}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0xE8, 0x00}), kV5), kMalformed);
}

TEST(MqttDecodeTest, ReservedPacketTypes) {
  EXPECT_EQ(refusal(bytes({0x00, 0x00}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0xF0, 0x00}), kV311), kMalformed);  // AUTH is MQTT 5 only
  EXPECT_EQ(refusal(bytes({0xF0, 0x00}), kV5), kDecoded);
}

TEST(MqttDecodeTest, PublishQosAndDup) {
  EXPECT_EQ(refusal(frame(0x36, str("t") + bytes({0x00, 0x01})), kV311), kMalformed);  // QoS 3
  EXPECT_EQ(refusal(frame(0x38, str("t")), kV311), kMalformed);  // DUP on QoS 0
  EXPECT_EQ(refusal(frame(0x3A, str("t") + bytes({0x00, 0x01})), kV311), kDecoded);
}

TEST(MqttDecodeTest, PacketIdentifierZero) {
  EXPECT_EQ(refusal(frame(0x32, str("t") + bytes({0x00, 0x00})), kV311), kProtocol);
  EXPECT_EQ(refusal(bytes({0x40, 0x02, 0x00, 0x00}), kV5), kProtocol);
  EXPECT_EQ(refusal(frame(0x82, bytes({0x00, 0x00}) + str("a") + bytes({0x00})), kV311), kProtocol);
  EXPECT_EQ(refusal(frame(0xA2, bytes({0x00, 0x00}) + str("a")), kV311), kProtocol);
  EXPECT_EQ(refusal(frame(0x30, str("t") + "x"), kV311), kDecoded);  // QoS 0 has none
}

TEST(MqttDecodeTest, Utf8Strings) {
  const auto topic = [](const std::string& text) { return frame(0x30, str(text)); };
  EXPECT_EQ(refusal(topic("caf\xC3\xA9/\xF0\x9F\x98\x80"), kV311), kDecoded);
  EXPECT_EQ(refusal(topic(std::string("a\0b", 3)), kV311), kMalformed);  // U+0000
  EXPECT_EQ(refusal(topic("\xED\xA0\x80"), kV311), kMalformed);          // surrogate U+D800
  EXPECT_EQ(refusal(topic("\xC0\xAF"), kV311), kMalformed);              // overlong '/'
  EXPECT_EQ(refusal(topic("\xE0\x80\xAF"), kV311), kMalformed);          // overlong, 3 bytes
  EXPECT_EQ(refusal(topic("\xF4\x90\x80\x80"), kV311), kMalformed);      // above U+10FFFF
  EXPECT_EQ(refusal(topic("\xE2\x82"), kV311), kMalformed);              // cut short
  EXPECT_EQ(refusal(topic("\x80"), kV311), kMalformed);                  // lone continuation
  EXPECT_EQ(refusal(topic("\xFF"), kV311), kMalformed);
  EXPECT_EQ(refusal(frame(0x10, str("MQTT") + bytes({4, 0x02, 0, 60}) + str("\xC3")), kV311),
            kMalformed);
}

TEST(MqttDecodeTest, ConnectProtocolNameAndLevel) {
  const std::string id = str("c");
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x02, id), kV311), kDecoded);
  EXPECT_EQ(refusal(connect_frame("MQIsdp", 3, 0x02, id), kV311), kDecoded);
  EXPECT_EQ(refusal(connect_frame("MQTT", 5, 0x02, bytes({0x00}) + id), kV311), kDecoded);
  EXPECT_EQ(refusal(connect_frame("MQTT", 3, 0x02, id), kV311),
            Reason::kUnsupportedProtocolVersion);
  EXPECT_EQ(refusal(connect_frame("MQTT", 6, 0x02, id), kV311),
            Reason::kUnsupportedProtocolVersion);
  EXPECT_EQ(refusal(connect_frame("MQIsdp", 4, 0x02, id), kV311),
            Reason::kUnsupportedProtocolVersion);
  EXPECT_EQ(refusal(connect_frame("MQTX", 4, 0x02, id), kV311), kProtocol);
  EXPECT_EQ(decode_as<Connect>(connect_frame("MQIsdp", 3, 0x02, id), kV5).version,
            ProtocolVersion::kV3_1);
}

TEST(MqttDecodeTest, ConnectFlags) {
  const std::string id = str("c");
  const std::string will = str("w") + str("gone");
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x03, id), kV311), kMalformed);  // reserved bit
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x0A, id), kV311), kMalformed);  // QoS, no will
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x22, id), kV311), kMalformed);  // retain, no will
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x1E, id + will), kV311), kMalformed);  // QoS 3
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x36, id + will), kV311), kDecoded);
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x06, id + str("w/+") + str("x")), kV311),
            Reason::kTopicNameInvalid);
}

TEST(MqttDecodeTest, PasswordWithoutUserNameOnlyInV5) {
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x42, str("c") + str("pw")), kV311), kMalformed);
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0xC2, str("c") + str("u") + str("pw")), kV311),
            kDecoded);
  const Connect connect =
      decode_as<Connect>(connect_frame("MQTT", 5, 0x42, bytes({0x00}) + str("c") + str("pw")), kV5);
  EXPECT_EQ(connect.password, "pw");
  EXPECT_EQ(connect.username, std::nullopt);
}

TEST(MqttDecodeTest, RemainingLengthMustMatchTheFields) {
  EXPECT_EQ(refusal(bytes({0x40, 0x03, 0x00, 0x01, 0x00}), kV311), kMalformed);  // extra byte
  EXPECT_EQ(refusal(bytes({0x40, 0x01, 0x00}), kV311), kMalformed);              // too short
  EXPECT_EQ(refusal(bytes({0xC0, 0x01, 0x00}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0xE0, 0x01, 0x00}), kV311), kMalformed);  // 3.1.1 DISCONNECT is empty
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x02, str("c") + "z"), kV311), kMalformed);
  EXPECT_EQ(refusal(connect_frame("MQTT", 4, 0x82, str("c")), kV311), kMalformed);  // no user
  EXPECT_EQ(refusal(frame(0x30, bytes({0x00, 0x05, 'a'})), kV311), kMalformed);     // string cut
}

TEST(MqttDecodeTest, FrameMustBeExactlyOneFrame) {
  EXPECT_EQ(refusal(bytes({0xC0, 0x00, 0xC0}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0x40, 0x02, 0x00}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0xC0, 0x80, 0x00}), kV311), kMalformed);  // non-minimal length
  EXPECT_EQ(refusal("", kV311), kMalformed);
}

TEST(MqttDecodeTest, DuplicatePropertiesAreAProtocolError) {
  const std::string expiry = bytes({0x02, 0, 0, 0, 9});
  EXPECT_EQ(refusal(publish_with_properties(expiry), kV5), kDecoded);
  EXPECT_EQ(refusal(publish_with_properties(expiry + expiry), kV5), kProtocol);
  const std::string user = bytes({0x26}) + str("k") + str("v");
  EXPECT_EQ(decode_as<Publish>(publish_with_properties(user + user), kV5)
                .properties.user_properties.size(),
            2U);
  const std::string subscription_id = bytes({0x0B, 0x05});
  EXPECT_EQ(decode_as<Publish>(publish_with_properties(subscription_id + subscription_id), kV5)
                .properties.subscription_identifiers,
            (std::vector<std::uint32_t>{5, 5}));
  const std::string twice = subscription_id + subscription_id;
  EXPECT_EQ(refusal(frame(0x82, bytes({0x00, 0x01, static_cast<int>(twice.size())}) + twice +
                                    str("a") + bytes({0x00})),
                    kV5),
            kProtocol);
}

TEST(MqttDecodeTest, PropertiesNotAllowedInThePacketAreMalformed) {
  EXPECT_EQ(refusal(publish_with_properties(bytes({0x11, 0, 0, 0, 1})), kV5), kMalformed);
  EXPECT_EQ(refusal(publish_with_properties(bytes({0x7F, 0x00})), kV5), kMalformed);  // unknown
  EXPECT_EQ(refusal(frame(0x40, bytes({0x00, 0x01, 0x00, 0x03, 0x23, 0x00, 0x01})), kV5),
            kMalformed);  // topic alias in PUBACK
  // Will Delay Interval belongs to the will, not to the CONNECT.
  EXPECT_EQ(
      refusal(connect_frame("MQTT", 5, 0x02, bytes({0x05, 0x18, 0, 0, 0, 1}) + str("c")), kV5),
      kMalformed);
  EXPECT_EQ(refusal(connect_frame("MQTT", 5, 0x06,
                                  bytes({0x00}) + str("c") + bytes({0x05, 0x18, 0, 0, 0, 1}) +
                                      str("w") + str("x")),
                    kV5),
            kDecoded);
}

TEST(MqttDecodeTest, PropertyLengthsMustAddUp) {
  EXPECT_EQ(refusal(frame(0x30, str("t") + bytes({0x09, 0x01, 0x00})), kV5), kMalformed);
  // The value runs past the property length into the payload.
  EXPECT_EQ(refusal(frame(0x30, str("t") + bytes({0x03, 0x02, 0, 0, 0, 1})), kV5), kMalformed);
  EXPECT_EQ(refusal(frame(0x30, str("t") + bytes({0x80, 0x00})), kV5), kMalformed);
}

TEST(MqttDecodeTest, ForbiddenPropertyValuesAreAProtocolError) {
  EXPECT_EQ(refusal(publish_with_properties(bytes({0x01, 0x02})), kV5), kProtocol);
  EXPECT_EQ(refusal(publish_with_properties(bytes({0x23, 0x00, 0x00})), kV5), kProtocol);
  EXPECT_EQ(refusal(publish_with_properties(bytes({0x0B, 0x00})), kV5), kProtocol);
  EXPECT_EQ(refusal(publish_with_properties(bytes({0x08}) + str("r/#")), kV5), kProtocol);
  EXPECT_EQ(
      refusal(connect_frame("MQTT", 5, 0x02, bytes({0x03, 0x21, 0x00, 0x00}) + str("c")), kV5),
      kProtocol);  // receive maximum 0
}

TEST(MqttDecodeTest, SubscribeNeedsAFilter) {
  EXPECT_EQ(refusal(bytes({0x82, 0x02, 0x00, 0x01}), kV311), kProtocol);
  EXPECT_EQ(refusal(bytes({0x82, 0x03, 0x00, 0x01, 0x00}), kV5), kProtocol);
  EXPECT_EQ(refusal(bytes({0xA2, 0x02, 0x00, 0x01}), kV311), kProtocol);
  EXPECT_EQ(refusal(bytes({0x90, 0x02, 0x00, 0x01}), kV311), kProtocol);
}

TEST(MqttDecodeTest, SubscriptionOptions) {
  const auto subscribe = [](const std::string& filter, int options, ProtocolVersion version) {
    const std::string properties = version == kV5 ? bytes({0x00}) : "";
    return refusal(frame(0x82, bytes({0x00, 0x01}) + properties + str(filter) + bytes({options})),
                   version);
  };
  EXPECT_EQ(subscribe("a", 0x02, kV311), kDecoded);
  EXPECT_EQ(subscribe("a", 0x03, kV311), kMalformed);  // QoS 3
  EXPECT_EQ(subscribe("a", 0x04, kV311), kMalformed);  // v5 bits are reserved in 3.1.1
  EXPECT_EQ(subscribe("a", 0x2E, kV5), kDecoded);
  EXPECT_EQ(subscribe("a", 0x40, kV5), kMalformed);
  EXPECT_EQ(subscribe("a", 0x30, kV5), kProtocol);           // retain handling 3
  EXPECT_EQ(subscribe("$share/g/a", 0x04, kV5), kProtocol);  // no local on a shared subscription
  // Filter syntax is the server's to judge, so that it can refuse one filter in the SUBACK.
  EXPECT_EQ(subscribe("a/#/b", 0x00, kV5), kDecoded);
}

TEST(MqttDecodeTest, PublishTopicNames) {
  EXPECT_EQ(refusal(frame(0x30, str("a/+")), kV311), Reason::kTopicNameInvalid);
  EXPECT_EQ(refusal(frame(0x30, str("a/#") + bytes({0x00})), kV5), Reason::kTopicNameInvalid);
  EXPECT_EQ(refusal(frame(0x30, str("")), kV311), Reason::kTopicNameInvalid);
  EXPECT_EQ(refusal(frame(0x30, str("") + bytes({0x00})), kV5), kProtocol);  // no alias
  EXPECT_EQ(refusal(frame(0x30, str("") + bytes({0x03, 0x23, 0x00, 0x01})), kV5), kDecoded);
}

TEST(MqttDecodeTest, ReasonCodesPerPacketType) {
  EXPECT_EQ(refusal(bytes({0x40, 0x03, 0x00, 0x01, 0x92}), kV5), kProtocol);
  EXPECT_EQ(refusal(bytes({0x62, 0x03, 0x00, 0x01, 0x92}), kV5), kDecoded);
  EXPECT_EQ(decode_as<Disconnect>(bytes({0xE0, 0x01, 0x04}), kV5).reason, static_cast<Reason>(4));
  EXPECT_EQ(refusal(bytes({0xE0, 0x01, 0x01}), kV5), kProtocol);
  EXPECT_EQ(refusal(bytes({0xF0, 0x02, 0x19, 0x00}), kV5), kDecoded);
  EXPECT_EQ(refusal(bytes({0xF0, 0x01, 0x18}), kV5), kMalformed);  // AUTH needs properties
  EXPECT_EQ(refusal(bytes({0x90, 0x04, 0x00, 0x01, 0x00, 0x10}), kV5), kProtocol);
  EXPECT_EQ(refusal(bytes({0x90, 0x03, 0x00, 0x01, 0x03}), kV311), kProtocol);
}

TEST(MqttDecodeTest, Connack) {
  EXPECT_EQ(decode_as<Connack>(bytes({0x20, 0x02, 0x00, 0x04}), kV311).reason,
            Reason::kBadUserNameOrPassword);
  EXPECT_EQ(refusal(bytes({0x20, 0x02, 0x00, 0x06}), kV311), kProtocol);
  EXPECT_EQ(refusal(bytes({0x20, 0x02, 0x02, 0x00}), kV311), kMalformed);
  EXPECT_EQ(refusal(bytes({0x20, 0x02, 0x01, 0x05}), kV311), kProtocol);  // refused, session
  EXPECT_EQ(refusal(bytes({0x20, 0x03, 0x00, 0x00, 0x00}), kV5), kDecoded);
  EXPECT_EQ(refusal(bytes({0x20, 0x03, 0x00, 0x01, 0x00}), kV5), kProtocol);
}

TEST(MqttDecodeTest, ShortFormsOfV5Acknowledgements) {
  EXPECT_EQ(decode_as<PublishResponse>(bytes({0x50, 0x03, 0x00, 0x07, 0x10}), kV5),
            (PublishResponse{PacketType::kPubrec, 7, Reason::kNoMatchingSubscribers, {}}));
  EXPECT_EQ(decode_as<Disconnect>(bytes({0xE0, 0x00}), kV5), Disconnect{});
  EXPECT_EQ(refusal(bytes({0x40, 0x03, 0x00, 0x01, 0x10}), kV311), kMalformed);
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
