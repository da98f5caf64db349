// decode_packet: the fixed header's rules (reserved flag bits, remaining length consumed
// exactly) and the decoders of every packet but CONNECT and CONNACK.
#include <limits>
#include <utility>

#include "mqtt/internal/mqtt_decoders.h"
#include "mqtt/internal/mqtt_properties.h"
#include "mqtt/internal/mqtt_reason_codes.h"
#include "mqtt/internal/mqtt_wire.h"
#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt {
namespace detail {

std::uint16_t read_packet_id(Reader& body) {
  const std::uint16_t packet_id = body.u16();
  if (packet_id == 0) body.fail(Reason::kProtocolError);
  return packet_id;
}

Reason read_reason(Reader& body, PacketType type) {
  const std::uint8_t code = body.u8();
  if (!body.failed() && !is_valid_reason(type, code)) body.fail(Reason::kProtocolError);
  return static_cast<Reason>(code);
}

namespace {

// PUBLISH takes DUP, QoS and RETAIN from the fixed header's flag bits (3.3.1).
Publish decode_publish(Reader& body, std::uint8_t flags, bool v5) {
  Publish publish;
  publish.dup = (flags & 0x08U) != 0;
  publish.qos = static_cast<std::uint8_t>((flags >> 1U) & 0x03U);
  publish.retain = (flags & 0x01U) != 0;
  // QoS 3 does not exist; a QoS 0 message is never a redelivery (MQTT-3.3.1-2).
  if (publish.qos == 3 || (publish.qos == 0 && publish.dup)) body.fail(Reason::kMalformedPacket);
  publish.topic = body.utf8();
  if (publish.qos > 0) publish.packet_id = read_packet_id(body);
  if (v5) read_properties(body, PropertyContext::kPublish, publish.properties);
  publish.payload = body.rest();
  // In MQTT 5 an empty topic stands for the one a topic alias names (3.3.2.3.4).
  const bool aliased = v5 && publish.topic.empty() && publish.properties.topic_alias;
  if (!aliased && !is_valid_topic_name(publish.topic)) {
    body.fail(v5 && publish.topic.empty() ? Reason::kProtocolError : Reason::kTopicNameInvalid);
  }
  return publish;
}

// MQTT 5 lets success without properties drop the reason code and the property length.
PublishResponse decode_publish_response(Reader& body, PacketType type, bool v5) {
  PublishResponse response{type, read_packet_id(body)};
  if (v5 && body.has_more()) {
    response.reason = read_reason(body, type);
    if (body.has_more())
      read_properties(body, PropertyContext::kPublishResponse, response.properties);
  }
  return response;
}

Subscription read_subscription(Reader& body, bool v5) {
  Subscription subscription;
  subscription.filter = body.utf8();
  const std::uint8_t options = body.u8();
  subscription.qos = options & 0x03U;
  subscription.no_local = (options & 0x04U) != 0;
  subscription.retain_as_published = (options & 0x08U) != 0;
  subscription.retain_handling = (options >> 4U) & 0x03U;
  const std::uint8_t reserved_bits = v5 ? 0xC0U : 0xFCU;
  if ((options & reserved_bits) != 0 || subscription.qos == 3) body.fail(Reason::kMalformedPacket);
  // Retain handling 3 does not exist, and no-local means nothing on a shared subscription.
  if (subscription.retain_handling == 3 ||
      (subscription.no_local && subscription.filter.starts_with("$share/"))) {
    body.fail(Reason::kProtocolError);
  }
  return subscription;
}

// SUBSCRIBE, UNSUBSCRIBE, SUBACK and UNSUBACK list at least one entry (MQTT-3.8.3-3 and others).
void expect_entries(Reader& body) {
  if (!body.has_more()) body.fail(Reason::kProtocolError);
}

Subscribe decode_subscribe(Reader& body, bool v5) {
  Subscribe subscribe;
  subscribe.packet_id = read_packet_id(body);
  if (v5) read_properties(body, PropertyContext::kSubscribe, subscribe.properties);
  expect_entries(body);
  while (body.has_more()) subscribe.subscriptions.push_back(read_subscription(body, v5));
  return subscribe;
}

Suback decode_suback(Reader& body, bool v5) {
  Suback suback;
  suback.packet_id = read_packet_id(body);
  if (v5) read_properties(body, PropertyContext::kSuback, suback.properties);
  expect_entries(body);
  while (body.has_more()) {
    if (v5) {
      suback.reasons.push_back(read_reason(body, PacketType::kSuback));
    } else if (auto reason = reason_from_suback_return_code(body.u8())) {
      suback.reasons.push_back(*reason);
    } else {
      body.fail(Reason::kProtocolError);
    }
  }
  return suback;
}

Unsubscribe decode_unsubscribe(Reader& body, bool v5) {
  Unsubscribe unsubscribe;
  unsubscribe.packet_id = read_packet_id(body);
  if (v5) read_properties(body, PropertyContext::kUnsubscribe, unsubscribe.properties);
  expect_entries(body);
  while (body.has_more()) unsubscribe.filters.emplace_back(body.utf8());
  return unsubscribe;
}

// A 3.1.1 UNSUBACK is the packet identifier alone.
Unsuback decode_unsuback(Reader& body, bool v5) {
  Unsuback unsuback;
  unsuback.packet_id = read_packet_id(body);
  if (!v5) return unsuback;
  read_properties(body, PropertyContext::kUnsuback, unsuback.properties);
  expect_entries(body);
  while (body.has_more()) unsuback.reasons.push_back(read_reason(body, PacketType::kUnsuback));
  return unsuback;
}

// An MQTT 5 DISCONNECT may end after its reason code, or be empty for a normal disconnection.
Disconnect decode_disconnect(Reader& body, bool v5) {
  Disconnect disconnect;
  if (!v5 || !body.has_more()) return disconnect;
  disconnect.reason = read_reason(body, PacketType::kDisconnect);
  if (body.has_more()) read_properties(body, PropertyContext::kDisconnect, disconnect.properties);
  return disconnect;
}

// An empty AUTH means success; otherwise reason code and properties both follow (3.15.2.1).
Auth decode_auth(Reader& body) {
  Auth auth;
  if (!body.has_more()) return auth;
  auth.reason = read_reason(body, PacketType::kAuth);
  read_properties(body, PropertyContext::kAuth, auth.properties);
  return auth;
}

// The fixed header flags each packet type must carry; PUBLISH uses them as fields (3.3.1).
bool has_valid_flags(PacketType type, std::uint8_t flags) {
  switch (type) {
    case PacketType::kPublish:
      return true;
    case PacketType::kPubrel:
    case PacketType::kSubscribe:
    case PacketType::kUnsubscribe:
      return flags == 0x02;
    default:
      return flags == 0;
  }
}

Packet decode_body(Reader& body, PacketType type, std::uint8_t flags, ProtocolVersion version) {
  const bool v5 = version == ProtocolVersion::kV5;
  switch (type) {
    case PacketType::kConnect:
      return decode_connect(body);
    case PacketType::kConnack:
      return decode_connack(body, v5);
    case PacketType::kPublish:
      return decode_publish(body, flags, v5);
    case PacketType::kPuback:
    case PacketType::kPubrec:
    case PacketType::kPubrel:
    case PacketType::kPubcomp:
      return decode_publish_response(body, type, v5);
    case PacketType::kSubscribe:
      return decode_subscribe(body, v5);
    case PacketType::kSuback:
      return decode_suback(body, v5);
    case PacketType::kUnsubscribe:
      return decode_unsubscribe(body, v5);
    case PacketType::kUnsuback:
      return decode_unsuback(body, v5);
    case PacketType::kPingreq:
      return Pingreq{};
    case PacketType::kPingresp:
      return Pingresp{};
    case PacketType::kDisconnect:
      return decode_disconnect(body, v5);
    case PacketType::kAuth:
      if (v5) return decode_auth(body);
      break;  // reserved in 3.1.1
  }
  body.fail(Reason::kMalformedPacket);  // type 0, reserved in both versions
  return Pingreq{};
}

}  // namespace
}  // namespace detail

Decoded decode_packet(std::string_view frame, ProtocolVersion version) {
  FrameHeader header;
  if (peek_frame(frame, std::numeric_limits<std::uint32_t>::max(), header) !=
          FrameStatus::kComplete ||
      header.frame_size() != frame.size()) {
    return Reason::kMalformedPacket;
  }
  const std::uint8_t flags = header.first_byte & 0x0FU;
  if (!detail::has_valid_flags(header.type(), flags)) return Reason::kMalformedPacket;
  detail::Reader body(frame.substr(header.header_size));
  Packet packet = detail::decode_body(body, header.type(), flags, version);
  body.expect_end();
  if (body.failed()) return body.error();
  return Decoded(std::in_place_type<Packet>, std::move(packet));
}

}  // namespace pacificsoft::transport::mqtt
