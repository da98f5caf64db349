// Helpers shared by the codec's unit tests: frames written as byte lists, and decode results
// unpacked for EXPECT_EQ.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt::testing {

inline constexpr ProtocolVersion kV311 = ProtocolVersion::kV3_1_1;
inline constexpr ProtocolVersion kV5 = ProtocolVersion::kV5;

inline std::string bytes(std::initializer_list<int> values) {
  std::string result;
  for (int value : values) result.push_back(static_cast<char>(value));
  return result;
}

// A frame with first_byte and body, its remaining length computed.
inline std::string frame(int first_byte, std::string_view body) {
  std::string result(1, static_cast<char>(first_byte));
  std::size_t length = body.size();
  do {
    const auto digit = static_cast<char>((length & 0x7FU) | (length > 0x7F ? 0x80U : 0U));
    result.push_back(digit);
    length >>= 7U;
  } while (length > 0);
  result.append(body);
  return result;
}

// A two-byte length and text, as MQTT strings and binary data are written.
inline std::string str(std::string_view text) {
  return bytes({static_cast<int>(text.size() >> 8U), static_cast<int>(text.size() & 0xFFU)}) +
         std::string(text);
}

inline std::string encode(const Packet& packet, ProtocolVersion version) {
  std::string out;
  EXPECT_TRUE(encode_packet(packet, version, out));
  return out;
}

// The reason decode_packet refused frame with, or kSuccess when it decoded.
inline Reason refusal(std::string_view frame, ProtocolVersion version) {
  Decoded decoded = decode_packet(frame, version);
  const Reason* reason = std::get_if<Reason>(&decoded);
  return reason != nullptr ? *reason : Reason::kSuccess;
}

// The packet of type T that frame decodes to; a failed expectation (and a default T) otherwise.
template <typename T>
T decode_as(std::string_view frame, ProtocolVersion version) {
  Decoded decoded = decode_packet(frame, version);
  const Packet* packet = std::get_if<Packet>(&decoded);
  if (packet == nullptr) {
    ADD_FAILURE() << "refused with reason 0x" << std::hex << int(std::get<Reason>(decoded));
    return T{};
  }
  const T* value = std::get_if<T>(packet);
  if (value == nullptr) {
    ADD_FAILURE() << "decoded to another packet type, index " << packet->index();
    return T{};
  }
  return *value;
}

}  // namespace pacificsoft::transport::mqtt::testing
