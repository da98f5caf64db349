// Which reason codes each MQTT 5 packet may carry, and the 3.1.1 return codes of CONNACK and
// SUBACK that stand in for reason codes there.
#pragma once

#include <cstdint>
#include <optional>

#include "mqtt/mqtt_packets.h"

namespace pacificsoft::transport::mqtt::detail {

// Whether the MQTT 5 specification defines code for packets of this type.
bool is_valid_reason(PacketType type, std::uint8_t code);

// 3.1.1 CONNACK return code for a reason, and back (nullopt: a reserved return code).
std::uint8_t connack_return_code(Reason reason);
std::optional<Reason> reason_from_connack_return_code(std::uint8_t code);

// 3.1.1 SUBACK return code (granted QoS or the single failure code 0x80), and back.
std::uint8_t suback_return_code(Reason reason);
std::optional<Reason> reason_from_suback_return_code(std::uint8_t code);

}  // namespace pacificsoft::transport::mqtt::detail
