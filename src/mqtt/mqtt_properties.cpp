// Reading MQTT 5 properties: the table of section 2.2.2.2 (identifier, value type, packets
// that may carry it) and the value rules that make a property a protocol error.
#include "mqtt/internal/mqtt_properties.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <initializer_list>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt::detail {
namespace {

enum class ValueType : std::uint8_t { kByte, kTwoByte, kFourByte, kVarint, kUtf8, kBinary, kPair };

using Contexts = std::uint16_t;  // one bit per PropertyContext

constexpr Contexts in(std::initializer_list<PropertyContext> contexts) {
  Contexts bits = 0;
  for (PropertyContext context : contexts) bits |= 1U << static_cast<unsigned>(context);
  return bits;
}

using enum PropertyContext;
constexpr Contexts kMessage = in({kPublish, kWill});
constexpr Contexts kSessionStart = in({kConnect, kConnack});
constexpr Contexts kEnhancedAuth = in({kConnect, kConnack, kAuth});
constexpr Contexts kAcknowledgements =
    in({kConnack, kPublishResponse, kSuback, kUnsuback, kDisconnect, kAuth});
constexpr Contexts kEverywhere =
    in({kConnect, kConnack, kPublish, kWill, kPublishResponse, kSubscribe, kSuback, kUnsubscribe,
        kUnsuback, kDisconnect, kAuth});

struct PropertySpec {
  PropertyId id;
  ValueType type;
  Contexts contexts;
};

using enum PropertyId;
using enum ValueType;
constexpr std::array<PropertySpec, 27> kPropertySpecs{{
    {kPayloadFormatIndicator, kByte, kMessage},
    {kMessageExpiryInterval, kFourByte, kMessage},
    {kContentType, kUtf8, kMessage},
    {kResponseTopic, kUtf8, kMessage},
    {kCorrelationData, kBinary, kMessage},
    {kSubscriptionIdentifier, kVarint, in({kPublish, kSubscribe})},
    {kSessionExpiryInterval, kFourByte, in({kConnect, kConnack, kDisconnect})},
    {kAssignedClientIdentifier, kUtf8, in({kConnack})},
    {kServerKeepAlive, kTwoByte, in({kConnack})},
    {kAuthenticationMethod, kUtf8, kEnhancedAuth},
    {kAuthenticationData, kBinary, kEnhancedAuth},
    {kRequestProblemInformation, kByte, in({kConnect})},
    {kWillDelayInterval, kFourByte, in({kWill})},
    {kRequestResponseInformation, kByte, in({kConnect})},
    {kResponseInformation, kUtf8, in({kConnack})},
    {kServerReference, kUtf8, in({kConnack, kDisconnect})},
    {kReasonString, kUtf8, kAcknowledgements},
    {kReceiveMaximum, kTwoByte, kSessionStart},
    {kTopicAliasMaximum, kTwoByte, kSessionStart},
    {kTopicAlias, kTwoByte, in({kPublish})},
    {kMaximumQos, kByte, in({kConnack})},
    {kRetainAvailable, kByte, in({kConnack})},
    {kUserProperty, kPair, kEverywhere},
    {kMaximumPacketSize, kFourByte, kSessionStart},
    {kWildcardSubscriptionAvailable, kByte, in({kConnack})},
    {kSubscriptionIdentifierAvailable, kByte, in({kConnack})},
    {kSharedSubscriptionAvailable, kByte, in({kConnack})},
}};

const PropertySpec* find_spec(std::uint8_t id, PropertyContext context) {
  const auto spec = std::ranges::find_if(kPropertySpecs, [id](const PropertySpec& candidate) {
    return static_cast<std::uint8_t>(candidate.id) == id;
  });
  if (spec == kPropertySpecs.end() || (spec->contexts & in({context})) == 0) return nullptr;
  return &*spec;
}

// User properties repeat anywhere; a PUBLISH carries one subscription identifier per matching
// subscription, while a SUBSCRIBE names at most one.
bool may_repeat(PropertyId id, PropertyContext context) {
  return id == kUserProperty || (id == kSubscriptionIdentifier && context == kPublish);
}

struct Value {
  std::uint32_t number = 0;
  std::string_view text;
  std::string_view second;  // the value of a user property pair
};

Value read_value(Reader& reader, ValueType type) {
  switch (type) {
    case kByte:
      return {reader.u8()};
    case kTwoByte:
      return {reader.u16()};
    case kFourByte:
      return {reader.u32()};
    case kVarint:
      return {reader.varint()};
    case kUtf8:
      return {0, reader.utf8()};
    case kBinary:
      return {0, reader.binary()};
    case kPair: {
      std::string_view name = reader.utf8();
      return {0, name, reader.utf8()};
    }
  }
  return {};
}

// The values the specification calls a protocol error (sections 3.1.2.11, 3.2.2.3 and 3.3.2.3).
bool is_allowed_value(PropertyId id, const Value& value) {
  switch (id) {
    case kPayloadFormatIndicator:
    case kRequestProblemInformation:
    case kRequestResponseInformation:
    case kMaximumQos:
    case kRetainAvailable:
    case kWildcardSubscriptionAvailable:
    case kSubscriptionIdentifierAvailable:
    case kSharedSubscriptionAvailable:
      return value.number <= 1;
    case kSubscriptionIdentifier:
    case kReceiveMaximum:
    case kTopicAlias:
    case kMaximumPacketSize:
      return value.number != 0;
    case kResponseTopic:
      return is_valid_topic_name(value.text);
    default:
      return true;
  }
}

void store(PropertyId id, const Value& value, Properties& properties) {
  const auto byte = static_cast<std::uint8_t>(value.number);
  const auto two_bytes = static_cast<std::uint16_t>(value.number);
  switch (id) {
    case kPayloadFormatIndicator:
      properties.payload_format_indicator = byte;
      break;
    case kMessageExpiryInterval:
      properties.message_expiry_interval = value.number;
      break;
    case kContentType:
      properties.content_type = value.text;
      break;
    case kResponseTopic:
      properties.response_topic = value.text;
      break;
    case kCorrelationData:
      properties.correlation_data = value.text;
      break;
    case kSubscriptionIdentifier:
      properties.subscription_identifiers.push_back(value.number);
      break;
    case kSessionExpiryInterval:
      properties.session_expiry_interval = value.number;
      break;
    case kAssignedClientIdentifier:
      properties.assigned_client_identifier = value.text;
      break;
    case kServerKeepAlive:
      properties.server_keep_alive = two_bytes;
      break;
    case kReasonString:
      properties.reason_string = value.text;
      break;
    case kReceiveMaximum:
      properties.receive_maximum = two_bytes;
      break;
    case kTopicAliasMaximum:
      properties.topic_alias_maximum = two_bytes;
      break;
    case kTopicAlias:
      properties.topic_alias = two_bytes;
      break;
    case kMaximumQos:
      properties.maximum_qos = byte;
      break;
    case kRetainAvailable:
      properties.retain_available = byte;
      break;
    case kUserProperty:
      properties.user_properties.emplace_back(value.text, value.second);
      break;
    case kMaximumPacketSize:
      properties.maximum_packet_size = value.number;
      break;
    case kWildcardSubscriptionAvailable:
      properties.wildcard_subscription_available = byte;
      break;
    case kSubscriptionIdentifierAvailable:
      properties.subscription_identifier_available = byte;
      break;
    case kSharedSubscriptionAvailable:
      properties.shared_subscription_available = byte;
      break;
    default:
      break;  // validated but not kept: the server does not use it (see Properties)
  }
}

}  // namespace

void read_properties(Reader& reader, PropertyContext context, Properties& properties) {
  Reader list = reader.take(reader.varint());
  std::bitset<256> seen;
  while (list.has_more()) {
    const std::uint8_t raw_id = list.u8();
    const PropertySpec* spec = find_spec(raw_id, context);
    if (spec == nullptr) {
      list.fail(Reason::kMalformedPacket);
    } else if (seen.test(raw_id) && !may_repeat(spec->id, context)) {
      list.fail(Reason::kProtocolError);
    } else {
      seen.set(raw_id);
      const Value value = read_value(list, spec->type);
      if (list.failed()) break;
      if (is_allowed_value(spec->id, value)) {
        store(spec->id, value, properties);
      } else {
        list.fail(Reason::kProtocolError);
      }
    }
  }
  if (list.failed()) reader.fail(list.error());
}

}  // namespace pacificsoft::transport::mqtt::detail
