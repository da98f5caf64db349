// encode_packet: one body writer per packet type, then the fixed header in front. MQTT 5
// packets carry reason codes and properties; 3.1.1 packets carry neither, and their CONNACK and
// SUBACK return codes stand in for reasons.
#include <cstdlib>
#include <string>
#include <variant>

#include "mqtt/internal/mqtt_properties.h"
#include "mqtt/internal/mqtt_reason_codes.h"
#include "mqtt/internal/mqtt_wire.h"
#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt {
namespace {

using detail::put_binary;
using detail::put_u16;
using detail::put_u8;
using detail::write_properties;
using detail::Writer;

// Each writer appends a packet's variable header and payload to body and returns the first
// byte of its fixed header: the type and the flag bits.
std::uint8_t first_byte(PacketType type, std::uint8_t flags = 0) {
  return static_cast<std::uint8_t>((static_cast<unsigned>(type) << 4U) | flags);
}

void put_reason(Reason reason, Writer& body) { put_u8(static_cast<std::uint8_t>(reason), body); }

// PUBACK, PUBREC, PUBREL, PUBCOMP and DISCONNECT in MQTT 5 may leave out a success reason with
// no properties, and the property length of any reason with none; the short forms save bytes.
void put_short_reason(Reason reason, const Properties& properties, Writer& body) {
  const bool has_properties = properties != Properties{};
  if (!has_properties && reason == Reason::kSuccess) return;
  put_reason(reason, body);
  if (has_properties) write_properties(properties, body);
}

std::uint8_t connect_flags(const Connect& connect) {
  unsigned flags = connect.clean_start ? 0x02U : 0U;
  if (connect.will) {
    flags |= 0x04U | ((connect.will->qos & 0x03U) << 3U);
    if (connect.will->retain) flags |= 0x20U;
  }
  if (connect.password) flags |= 0x40U;
  if (connect.username) flags |= 0x80U;
  return static_cast<std::uint8_t>(flags);
}

// A CONNECT is written in the version it names, not the connection's.
std::uint8_t write_body(const Connect& connect, bool /*v5*/, Writer& body) {
  const bool v5 = connect.version == ProtocolVersion::kV5;
  put_binary(connect.version == ProtocolVersion::kV3_1 ? "MQIsdp" : "MQTT", body);
  put_u8(static_cast<std::uint8_t>(connect.version), body);
  put_u8(connect_flags(connect), body);
  put_u16(connect.keep_alive_seconds, body);
  if (v5) write_properties(connect.properties, body);
  put_binary(connect.client_id, body);
  if (connect.will) {
    if (v5) write_properties(connect.will->properties, body);
    put_binary(connect.will->topic, body);
    put_binary(connect.will->payload, body);
  }
  if (connect.username) put_binary(*connect.username, body);
  if (connect.password) put_binary(*connect.password, body);
  return first_byte(PacketType::kConnect);
}

std::uint8_t write_body(const Connack& connack, bool v5, Writer& body) {
  put_u8(connack.session_present ? 1 : 0, body);
  if (v5) {
    put_reason(connack.reason, body);
    write_properties(connack.properties, body);
  } else {
    put_u8(detail::connack_return_code(connack.reason), body);
  }
  return first_byte(PacketType::kConnack);
}

std::uint8_t write_body(const Publish& publish, bool v5, Writer& body) {
  put_binary(publish.topic, body);
  if (publish.qos > 0) put_u16(publish.packet_id, body);
  if (v5) write_properties(publish.properties, body);
  body.append(publish.payload);
  const unsigned flags =
      (publish.dup ? 0x08U : 0U) | ((publish.qos & 0x03U) << 1U) | (publish.retain ? 0x01U : 0U);
  return first_byte(PacketType::kPublish, static_cast<std::uint8_t>(flags));
}

std::uint8_t write_body(const PublishResponse& response, bool v5, Writer& body) {
  put_u16(response.packet_id, body);
  if (v5) put_short_reason(response.reason, response.properties, body);
  switch (response.type) {
    case PacketType::kPuback:
    case PacketType::kPubrec:
    case PacketType::kPubcomp:
      return first_byte(response.type);
    case PacketType::kPubrel:
      return first_byte(response.type, 0x02);
    default:
      std::abort();  // a PublishResponse of another type is the caller's bug
  }
}

std::uint8_t subscription_options(const Subscription& subscription, bool v5) {
  unsigned options = subscription.qos & 0x03U;
  if (v5) {
    options |= (subscription.no_local ? 0x04U : 0U) |
               (subscription.retain_as_published ? 0x08U : 0U) |
               ((subscription.retain_handling & 0x03U) << 4U);
  }
  return static_cast<std::uint8_t>(options);
}

std::uint8_t write_body(const Subscribe& subscribe, bool v5, Writer& body) {
  put_u16(subscribe.packet_id, body);
  if (v5) write_properties(subscribe.properties, body);
  for (const Subscription& subscription : subscribe.subscriptions) {
    put_binary(subscription.filter, body);
    put_u8(subscription_options(subscription, v5), body);
  }
  return first_byte(PacketType::kSubscribe, 0x02);
}

std::uint8_t write_body(const Suback& suback, bool v5, Writer& body) {
  put_u16(suback.packet_id, body);
  if (v5) write_properties(suback.properties, body);
  for (Reason reason : suback.reasons) {
    put_u8(v5 ? static_cast<std::uint8_t>(reason) : detail::suback_return_code(reason), body);
  }
  return first_byte(PacketType::kSuback);
}

std::uint8_t write_body(const Unsubscribe& unsubscribe, bool v5, Writer& body) {
  put_u16(unsubscribe.packet_id, body);
  if (v5) write_properties(unsubscribe.properties, body);
  for (const std::string& filter : unsubscribe.filters) put_binary(filter, body);
  return first_byte(PacketType::kUnsubscribe, 0x02);
}

std::uint8_t write_body(const Unsuback& unsuback, bool v5, Writer& body) {
  put_u16(unsuback.packet_id, body);
  if (v5) {
    write_properties(unsuback.properties, body);
    for (Reason reason : unsuback.reasons) put_reason(reason, body);
  }
  return first_byte(PacketType::kUnsuback);
}

std::uint8_t write_body(const Pingreq& /*ping*/, bool /*v5*/, Writer& /*body*/) {
  return first_byte(PacketType::kPingreq);
}

std::uint8_t write_body(const Pingresp& /*pong*/, bool /*v5*/, Writer& /*body*/) {
  return first_byte(PacketType::kPingresp);
}

std::uint8_t write_body(const Disconnect& disconnect, bool v5, Writer& body) {
  if (v5) put_short_reason(disconnect.reason, disconnect.properties, body);
  return first_byte(PacketType::kDisconnect);
}

// AUTH exists only in MQTT 5. Empty for success without properties; otherwise, unlike
// DISCONNECT, the property length must follow the reason code (3.15.2.1).
std::uint8_t write_body(const Auth& auth, bool /*v5*/, Writer& body) {
  if (auth.reason != Reason::kSuccess || auth.properties != Properties{}) {
    put_reason(auth.reason, body);
    write_properties(auth.properties, body);
  }
  return first_byte(PacketType::kAuth);
}

}  // namespace

bool encode_packet(const Packet& packet, ProtocolVersion version, std::string& out) {
  const bool v5 = version == ProtocolVersion::kV5;
  Writer body;
  const std::uint8_t first =
      std::visit([&](const auto& value) { return write_body(value, v5, body); }, packet);
  return detail::put_frame(first, body, out);
}

}  // namespace pacificsoft::transport::mqtt
