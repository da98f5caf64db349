// Decoding of CONNECT and CONNACK (sections 3.1 and 3.2): the protocol name and level, the
// connect flags and their consistency rules, the will, and the 3.1.1 CONNACK return codes.
#include <string_view>

#include "mqtt/internal/mqtt_decoders.h"
#include "mqtt/internal/mqtt_properties.h"
#include "mqtt/internal/mqtt_reason_codes.h"
#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt::detail {
namespace {

// The bits of the connect flags byte (3.1.2.3).
struct ConnectFlags {
  explicit ConnectFlags(std::uint8_t bits)
      : reserved((bits & 0x01U) != 0),
        clean_start((bits & 0x02U) != 0),
        will((bits & 0x04U) != 0),
        will_qos(static_cast<std::uint8_t>((bits >> 3U) & 0x03U)),
        will_retain((bits & 0x20U) != 0),
        password((bits & 0x40U) != 0),
        username((bits & 0x80U) != 0) {}

  bool reserved;
  bool clean_start;
  bool will;
  std::uint8_t will_qos;
  bool will_retain;
  bool password;
  bool username;
};

// "MQTT" 4 and 5, and "MQIsdp" 3 for 3.1 clients. A known name with another level gets the
// reason a CONNACK can refuse it with; an unknown name is not MQTT at all.
void read_protocol(Reader& body, Connect& connect) {
  const std::string_view name = body.utf8();
  const std::uint8_t level = body.u8();
  if (name == "MQTT" && (level == 4 || level == 5)) {
    connect.version = static_cast<ProtocolVersion>(level);
  } else if (name == "MQIsdp" && level == 3) {
    connect.version = ProtocolVersion::kV3_1;
  } else if (name == "MQTT" || name == "MQIsdp") {
    body.fail(Reason::kUnsupportedProtocolVersion);
  } else {
    body.fail(Reason::kProtocolError);
  }
}

void check_flags(const ConnectFlags& flags, bool v5, Reader& body) {
  const bool will_bits_without_will = !flags.will && (flags.will_qos != 0 || flags.will_retain);
  // 3.1.1 needs a user name for a password (MQTT-3.1.2-22); MQTT 5 dropped that rule.
  const bool password_without_username = !v5 && flags.password && !flags.username;
  if (flags.reserved || will_bits_without_will || flags.will_qos == 3 ||
      password_without_username) {
    body.fail(Reason::kMalformedPacket);
  }
}

Will read_will(Reader& body, const ConnectFlags& flags, bool v5) {
  Will will;
  will.qos = flags.will_qos;
  will.retain = flags.will_retain;
  if (v5) read_properties(body, PropertyContext::kWill, will.properties);
  will.topic = body.utf8();
  will.payload = body.binary();
  if (!body.failed() && !is_valid_topic_name(will.topic)) body.fail(Reason::kTopicNameInvalid);
  return will;
}

}  // namespace

Connect decode_connect(Reader& body) {
  Connect connect;
  read_protocol(body, connect);
  if (body.failed()) return connect;  // an unknown protocol's remaining bytes mean nothing
  const bool v5 = connect.version == ProtocolVersion::kV5;
  const ConnectFlags flags(body.u8());
  check_flags(flags, v5, body);
  connect.clean_start = flags.clean_start;
  connect.keep_alive_seconds = body.u16();
  if (v5) read_properties(body, PropertyContext::kConnect, connect.properties);
  connect.client_id = body.utf8();
  if (flags.will) connect.will = read_will(body, flags, v5);
  if (flags.username) connect.username = body.utf8();
  if (flags.password) connect.password = body.binary();
  return connect;
}

Connack decode_connack(Reader& body, bool v5) {
  Connack connack;
  const std::uint8_t acknowledge_flags = body.u8();
  if ((acknowledge_flags & 0xFEU) != 0) body.fail(Reason::kMalformedPacket);
  connack.session_present = (acknowledge_flags & 0x01U) != 0;
  if (v5) {
    connack.reason = read_reason(body, PacketType::kConnack);
    read_properties(body, PropertyContext::kConnack, connack.properties);
  } else {
    const std::optional<Reason> reason = reason_from_connack_return_code(body.u8());
    if (reason) {
      connack.reason = *reason;
    } else {
      body.fail(Reason::kProtocolError);
    }
  }
  // A refused connection has no session (MQTT-3.2.2-4 in 3.1.1, MQTT-3.2.2-6 in 5).
  if (connack.session_present && connack.reason != Reason::kSuccess) {
    body.fail(Reason::kProtocolError);
  }
  return connack;
}

}  // namespace pacificsoft::transport::mqtt::detail
