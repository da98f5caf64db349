// Writing MQTT 5 properties: each one set, by ascending identifier, behind the property length.
#include <optional>
#include <string>

#include "mqtt/internal/mqtt_properties.h"
#include "mqtt/internal/mqtt_wire.h"

namespace pacificsoft::transport::mqtt::detail {
namespace {

using enum PropertyId;

// Appends identifier and value when the property is set.
template <typename T, typename Put>
void put_property(PropertyId id, const std::optional<T>& value, Put put, Writer& out) {
  if (!value) return;
  put_u8(static_cast<std::uint8_t>(id), out);
  put(*value, out);
}

}  // namespace

void write_properties(const Properties& properties, Writer& out) {
  const Properties& p = properties;
  Writer list;
  put_property(kPayloadFormatIndicator, p.payload_format_indicator, put_u8, list);
  put_property(kMessageExpiryInterval, p.message_expiry_interval, put_u32, list);
  put_property(kContentType, p.content_type, put_binary, list);
  put_property(kResponseTopic, p.response_topic, put_binary, list);
  put_property(kCorrelationData, p.correlation_data, put_binary, list);
  for (std::uint32_t identifier : p.subscription_identifiers) {
    put_property(kSubscriptionIdentifier, std::optional(identifier), put_varint, list);
  }
  put_property(kSessionExpiryInterval, p.session_expiry_interval, put_u32, list);
  put_property(kAssignedClientIdentifier, p.assigned_client_identifier, put_binary, list);
  put_property(kServerKeepAlive, p.server_keep_alive, put_u16, list);
  put_property(kReasonString, p.reason_string, put_binary, list);
  put_property(kReceiveMaximum, p.receive_maximum, put_u16, list);
  put_property(kTopicAliasMaximum, p.topic_alias_maximum, put_u16, list);
  put_property(kTopicAlias, p.topic_alias, put_u16, list);
  put_property(kMaximumQos, p.maximum_qos, put_u8, list);
  put_property(kRetainAvailable, p.retain_available, put_u8, list);
  for (const auto& [name, value] : p.user_properties) {
    put_u8(static_cast<std::uint8_t>(kUserProperty), list);
    put_binary(name, list);
    put_binary(value, list);
  }
  put_property(kMaximumPacketSize, p.maximum_packet_size, put_u32, list);
  put_property(kWildcardSubscriptionAvailable, p.wildcard_subscription_available, put_u8, list);
  put_property(kSubscriptionIdentifierAvailable, p.subscription_identifier_available, put_u8, list);
  put_property(kSharedSubscriptionAvailable, p.shared_subscription_available, put_u8, list);
  put_varint(static_cast<std::uint32_t>(list.bytes.size()), out);
  out.append(list);
}

}  // namespace pacificsoft::transport::mqtt::detail
