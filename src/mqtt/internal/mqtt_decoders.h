// The per-packet decoders behind decode_packet. Each reads one packet's variable header and
// payload from body (the frame after its fixed header) and records any failure on body; the
// caller then checks that nothing is left over.
#pragma once

#include <cstdint>

#include "mqtt/internal/mqtt_wire.h"
#include "mqtt/mqtt_packets.h"

namespace pacificsoft::transport::mqtt::detail {

// Decoded with the version the CONNECT itself names.
Connect decode_connect(Reader& body);
Connack decode_connack(Reader& body, bool v5);

// A packet identifier that must not be 0 (MQTT-2.3.1-1).
std::uint16_t read_packet_id(Reader& body);
// One MQTT 5 reason code byte, which must be one the specification defines for type.
Reason read_reason(Reader& body, PacketType type);

}  // namespace pacificsoft::transport::mqtt::detail
