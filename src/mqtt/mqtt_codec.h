// Bytes to MQTT packets and back. Stateless and allocation-light: the connection finds a whole
// frame with peek_frame, decodes it with decode_packet, and appends replies with encode_packet.
// Malformed input never throws or reads out of bounds; it yields the reason code with which the
// server closes that connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "mqtt/mqtt_packets.h"

namespace pacificsoft::transport::mqtt {

// The fixed header of one frame: first byte and remaining length.
struct FrameHeader {
  std::uint8_t first_byte = 0;
  std::uint32_t remaining_length = 0;
  std::size_t header_size = 0;  // 2..5 bytes: first byte plus the variable-length integer

  std::size_t frame_size() const { return header_size + remaining_length; }
  PacketType type() const { return static_cast<PacketType>(first_byte >> 4); }
};

enum class FrameStatus : std::uint8_t {
  kComplete,   // header filled; buffer holds at least frame_size() bytes
  kNeedMore,   // not a whole frame yet (header filled once its length is known)
  kMalformed,  // the remaining length is not a valid variable byte integer
  kTooLarge,   // frame_size() exceeds max_packet_size
};

// Looks at the start of buffer. A frame larger than max_packet_size is reported as soon as its
// length is known, before its bytes arrive, so the connection never buffers it.
FrameStatus peek_frame(std::string_view buffer, std::uint32_t max_packet_size, FrameHeader& header);

// A decoded packet, or the reason the frame is refused (kMalformedPacket, kProtocolError,
// kUnsupportedProtocolVersion, kTopicNameInvalid...).
using Decoded = std::variant<Packet, Reason>;

// frame is one whole frame as peek_frame found it (fixed header included). version is the one
// the CONNECT of this connection named; a CONNECT frame is decoded with the version it carries.
Decoded decode_packet(std::string_view frame, ProtocolVersion version);

// Appends the encoding of packet for a connection of the given version to out. Properties and
// reason codes are written only for v5; 3.1.1 CONNACK reasons become the 3.1.1 return codes
// (success 0, unsupported version 1, bad client id 2, unavailable 3, bad credentials 4, not
// authorised 5) and SUBACK failures 0x80. False, with out unchanged, when a field does not fit
// the format (a topic or string over 65 535 bytes, a packet over 256 MB): such values can come
// from devices, users and scripts, so callers turn this into an error, never an abort.
[[nodiscard]] bool encode_packet(const Packet& packet, ProtocolVersion version, std::string& out);

// Topic name and filter checks of the specification (UTF-8 already checked by the decoder).
bool is_valid_topic_name(std::string_view topic);     // 1..65 535 bytes, no wildcards
bool is_valid_topic_filter(std::string_view filter);  // '+' and '#' only as whole levels, '#' last
// Whether a topic name matches a filter ('+' one level, '#' the rest; '$' topics not by wildcards).
bool topic_matches(std::string_view filter, std::string_view topic);

}  // namespace pacificsoft::transport::mqtt
