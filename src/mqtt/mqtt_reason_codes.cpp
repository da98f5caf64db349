// Reason code tables of the MQTT 5 specification (one per packet type, sections 3.2 to 3.15)
// and the mapping of reasons onto the few return codes MQTT 3.1.1 has.
#include "mqtt/internal/mqtt_reason_codes.h"

#include <algorithm>
#include <array>
#include <span>

namespace pacificsoft::transport::mqtt::detail {
namespace {

constexpr std::array<std::uint8_t, 22> kConnackReasons{
    0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F};
// PUBACK and PUBREC.
constexpr std::array<std::uint8_t, 9> kPublishAckReasons{0x00, 0x10, 0x80, 0x83, 0x87,
                                                         0x90, 0x91, 0x97, 0x99};
// PUBREL and PUBCOMP.
constexpr std::array<std::uint8_t, 2> kPublishReleaseReasons{0x00, 0x92};
constexpr std::array<std::uint8_t, 12> kSubackReasons{0x00, 0x01, 0x02, 0x80, 0x83, 0x87,
                                                      0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2};
constexpr std::array<std::uint8_t, 7> kUnsubackReasons{0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91};
constexpr std::array<std::uint8_t, 29> kDisconnectReasons{
    0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94,
    0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2};
constexpr std::array<std::uint8_t, 3> kAuthReasons{0x00, 0x18, 0x19};

std::span<const std::uint8_t> reasons_of(PacketType type) {
  switch (type) {
    case PacketType::kConnack:
      return kConnackReasons;
    case PacketType::kPuback:
    case PacketType::kPubrec:
      return kPublishAckReasons;
    case PacketType::kPubrel:
    case PacketType::kPubcomp:
      return kPublishReleaseReasons;
    case PacketType::kSuback:
      return kSubackReasons;
    case PacketType::kUnsuback:
      return kUnsubackReasons;
    case PacketType::kDisconnect:
      return kDisconnectReasons;
    case PacketType::kAuth:
      return kAuthReasons;
    default:
      return {};
  }
}

// 3.1.1 CONNACK return codes 0 to 5, indexed by return code.
constexpr std::array<Reason, 6> kConnackReturnCodes{Reason::kSuccess,
                                                    Reason::kUnsupportedProtocolVersion,
                                                    Reason::kClientIdentifierNotValid,
                                                    Reason::kServerUnavailable,
                                                    Reason::kBadUserNameOrPassword,
                                                    Reason::kNotAuthorized};

constexpr std::uint8_t kSubackFailure = 0x80;

}  // namespace

bool is_valid_reason(PacketType type, std::uint8_t code) {
  return std::ranges::count(reasons_of(type), code) > 0;
}

std::uint8_t connack_return_code(Reason reason) {
  switch (reason) {
    case Reason::kSuccess:
      return 0;
    case Reason::kUnsupportedProtocolVersion:
      return 1;
    case Reason::kClientIdentifierNotValid:
      return 2;
    case Reason::kBadUserNameOrPassword:
      return 4;
    case Reason::kNotAuthorized:
    case Reason::kBanned:
      return 5;
    default:
      return 3;  // "server unavailable" is the closest 3.1.1 has to every other refusal
  }
}

std::optional<Reason> reason_from_connack_return_code(std::uint8_t code) {
  if (code >= kConnackReturnCodes.size()) return std::nullopt;
  return kConnackReturnCodes[code];
}

std::uint8_t suback_return_code(Reason reason) {
  const auto code = static_cast<std::uint8_t>(reason);
  return code <= 2 ? code : kSubackFailure;
}

std::optional<Reason> reason_from_suback_return_code(std::uint8_t code) {
  if (code <= 2) return static_cast<Reason>(code);
  if (code == kSubackFailure) return Reason::kUnspecifiedError;
  return std::nullopt;
}

}  // namespace pacificsoft::transport::mqtt::detail
