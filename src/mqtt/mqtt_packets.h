// MQTT 3.1.1 and 5.0 control packets as plain values, and the reason codes the server uses.
// The codec (mqtt_codec.h) turns bytes into these and back; it depends on nothing but the
// standard library, so the fuzzer builds it alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace pacificsoft::transport::mqtt {

// The protocol level byte of CONNECT. The enumerators keep the specifications' version numbers.
// NOLINTNEXTLINE(readability-identifier-naming)
enum class ProtocolVersion : std::uint8_t { kV3_1 = 3, kV3_1_1 = 4, kV5 = 5 };

enum class PacketType : std::uint8_t {
  kConnect = 1,
  kConnack = 2,
  kPublish = 3,
  kPuback = 4,
  kPubrec = 5,
  kPubrel = 6,
  kPubcomp = 7,
  kSubscribe = 8,
  kSuback = 9,
  kUnsubscribe = 10,
  kUnsuback = 11,
  kPingreq = 12,
  kPingresp = 13,
  kDisconnect = 14,
  kAuth = 15,
};

// MQTT 5 reason codes (section 2.4). For 3.1.1 the encoder maps CONNACK reasons to the old
// return codes and SUBACK failures to 0x80; other 3.1.1 packets carry no reason.
enum class Reason : std::uint8_t {
  kSuccess = 0x00,  // also "granted QoS 0" and "normal disconnection"
  kGrantedQos1 = 0x01,
  kGrantedQos2 = 0x02,
  kNoMatchingSubscribers = 0x10,
  kUnspecifiedError = 0x80,
  kMalformedPacket = 0x81,
  kProtocolError = 0x82,
  kImplementationSpecificError = 0x83,
  kUnsupportedProtocolVersion = 0x84,
  kClientIdentifierNotValid = 0x85,
  kBadUserNameOrPassword = 0x86,
  kNotAuthorized = 0x87,
  kServerUnavailable = 0x88,
  kServerBusy = 0x89,
  kBanned = 0x8A,
  kServerShuttingDown = 0x8B,
  kKeepAliveTimeout = 0x8D,
  kSessionTakenOver = 0x8E,
  kTopicFilterInvalid = 0x8F,
  kTopicNameInvalid = 0x90,
  kPacketIdentifierInUse = 0x91,
  kPacketIdentifierNotFound = 0x92,
  kReceiveMaximumExceeded = 0x93,
  kTopicAliasInvalid = 0x94,
  kPacketTooLarge = 0x95,
  kMessageRateTooHigh = 0x96,
  kQuotaExceeded = 0x97,
  kAdministrativeAction = 0x98,
  kPayloadFormatInvalid = 0x99,
  kQosNotSupported = 0x9B,
  kConnectionRateExceeded = 0x9F,
};

// The MQTT 5 properties this server reads or writes. Decoding accepts every property identifier
// of the specification (unknown ones are a malformed packet, as the specification says); the
// ones not listed here are validated and dropped.
struct Properties {
  std::optional<std::uint8_t> payload_format_indicator;
  std::optional<std::uint32_t> message_expiry_interval;
  std::optional<std::string> content_type;
  std::optional<std::string> response_topic;
  std::optional<std::string> correlation_data;
  std::vector<std::uint32_t> subscription_identifiers;
  std::optional<std::uint32_t> session_expiry_interval;
  std::optional<std::string> assigned_client_identifier;
  std::optional<std::uint16_t> server_keep_alive;
  std::optional<std::string> reason_string;
  std::optional<std::uint16_t> receive_maximum;
  std::optional<std::uint16_t> topic_alias_maximum;
  std::optional<std::uint16_t> topic_alias;
  std::optional<std::uint8_t> maximum_qos;
  std::optional<std::uint8_t> retain_available;
  std::optional<std::uint32_t> maximum_packet_size;
  std::optional<std::uint8_t> wildcard_subscription_available;
  std::optional<std::uint8_t> subscription_identifier_available;
  std::optional<std::uint8_t> shared_subscription_available;
  std::vector<std::pair<std::string, std::string>> user_properties;

  bool operator==(const Properties&) const = default;
};

struct Will {
  std::string topic;
  std::string payload;
  std::uint8_t qos = 0;
  bool retain = false;
  Properties properties;  // will properties (v5)

  bool operator==(const Will&) const = default;
};

struct Connect {
  ProtocolVersion version = ProtocolVersion::kV3_1_1;
  bool clean_start = true;  // "clean session" in 3.1.1
  std::uint16_t keep_alive_seconds = 0;
  std::string client_id;
  std::optional<std::string> username;
  std::optional<std::string> password;  // binary data in v5
  std::optional<Will> will;
  Properties properties;

  bool operator==(const Connect&) const = default;
};

struct Connack {
  bool session_present = false;
  Reason reason = Reason::kSuccess;
  Properties properties;

  bool operator==(const Connack&) const = default;
};

struct Publish {
  bool dup = false;
  std::uint8_t qos = 0;
  bool retain = false;
  std::string topic;            // may be empty in v5 when a topic alias is set
  std::uint16_t packet_id = 0;  // only for QoS 1 and 2
  Properties properties;
  std::string payload;

  bool operator==(const Publish&) const = default;
};

// PUBACK, PUBREC, PUBREL and PUBCOMP share one shape.
struct PublishResponse {
  PacketType type = PacketType::kPuback;
  std::uint16_t packet_id = 0;
  Reason reason = Reason::kSuccess;
  Properties properties;

  bool operator==(const PublishResponse&) const = default;
};

struct Subscription {
  std::string filter;
  std::uint8_t qos = 0;  // the maximum QoS asked for
  bool no_local = false;
  bool retain_as_published = false;
  std::uint8_t retain_handling = 0;

  bool operator==(const Subscription&) const = default;
};

struct Subscribe {
  std::uint16_t packet_id = 0;
  Properties properties;
  std::vector<Subscription> subscriptions;  // at least one

  bool operator==(const Subscribe&) const = default;
};

struct Suback {
  std::uint16_t packet_id = 0;
  Properties properties;
  std::vector<Reason> reasons;  // one per subscription: granted QoS or a failure

  bool operator==(const Suback&) const = default;
};

struct Unsubscribe {
  std::uint16_t packet_id = 0;
  Properties properties;
  std::vector<std::string> filters;  // at least one

  bool operator==(const Unsubscribe&) const = default;
};

struct Unsuback {
  std::uint16_t packet_id = 0;
  Properties properties;
  std::vector<Reason> reasons;  // v5 only; 3.1.1 UNSUBACK has none

  bool operator==(const Unsuback&) const = default;
};

struct Pingreq {
  bool operator==(const Pingreq&) const = default;
};

struct Pingresp {
  bool operator==(const Pingresp&) const = default;
};

struct Disconnect {
  Reason reason = Reason::kSuccess;
  Properties properties;

  bool operator==(const Disconnect&) const = default;
};

struct Auth {
  Reason reason = Reason::kSuccess;
  Properties properties;

  bool operator==(const Auth&) const = default;
};

using Packet = std::variant<Connect, Connack, Publish, PublishResponse, Subscribe, Suback,
                            Unsubscribe, Unsuback, Pingreq, Pingresp, Disconnect, Auth>;

}  // namespace pacificsoft::transport::mqtt
