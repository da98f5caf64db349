// MQTT 5 property lists (section 2.2.2): reading them with the specification's rules on where
// each property may appear, and writing the ones the server sets.
#pragma once

#include <cstdint>
#include <string>

#include "mqtt/internal/mqtt_wire.h"
#include "mqtt/mqtt_packets.h"

namespace pacificsoft::transport::mqtt::detail {

// The property identifiers of the specification.
enum class PropertyId : std::uint8_t {
  kPayloadFormatIndicator = 0x01,
  kMessageExpiryInterval = 0x02,
  kContentType = 0x03,
  kResponseTopic = 0x08,
  kCorrelationData = 0x09,
  kSubscriptionIdentifier = 0x0B,
  kSessionExpiryInterval = 0x11,
  kAssignedClientIdentifier = 0x12,
  kServerKeepAlive = 0x13,
  kAuthenticationMethod = 0x15,
  kAuthenticationData = 0x16,
  kRequestProblemInformation = 0x17,
  kWillDelayInterval = 0x18,
  kRequestResponseInformation = 0x19,
  kResponseInformation = 0x1A,
  kServerReference = 0x1C,
  kReasonString = 0x1F,
  kReceiveMaximum = 0x21,
  kTopicAliasMaximum = 0x22,
  kTopicAlias = 0x23,
  kMaximumQos = 0x24,
  kRetainAvailable = 0x25,
  kUserProperty = 0x26,
  kMaximumPacketSize = 0x27,
  kWildcardSubscriptionAvailable = 0x28,
  kSubscriptionIdentifierAvailable = 0x29,
  kSharedSubscriptionAvailable = 0x2A,
};

// The packet (or the will inside a CONNECT) a property list belongs to.
enum class PropertyContext : std::uint8_t {
  kConnect,
  kConnack,
  kPublish,
  kWill,
  kPublishResponse,  // PUBACK, PUBREC, PUBREL, PUBCOMP
  kSubscribe,
  kSuback,
  kUnsubscribe,
  kUnsuback,
  kDisconnect,
  kAuth,
};

// Reads the property length and the properties it covers. An unknown identifier or one not
// allowed in context is a malformed packet; a repeated single-value property or a value the
// specification forbids is a protocol error. Failures are recorded on reader.
void read_properties(Reader& reader, PropertyContext context, Properties& properties);

// Appends the property length and every property set in properties, by ascending identifier.
void write_properties(const Properties& properties, Writer& out);

}  // namespace pacificsoft::transport::mqtt::detail
