// libFuzzer harness for the MQTT codec (src/mqtt): arbitrary bytes through
// peek_frame and decode_packet in both versions. Whatever decodes must re-encode to one frame
// that decodes to the same packet and encodes to the same bytes again; any difference traps.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>

#include "mqtt/mqtt_codec.h"

namespace {

namespace mqtt = pacificsoft::transport::mqtt;

constexpr std::uint32_t kMaxPacketSize = 1U << 20U;
constexpr std::uint32_t kNoLimit = std::numeric_limits<std::uint32_t>::max();

const mqtt::Packet* as_packet(const mqtt::Decoded& decoded) {
  return std::get_if<mqtt::Packet>(&decoded);
}

// peek_frame's promises: a frame it calls complete fits the buffer, one byte less is not
// complete, and its header is two to five bytes.
void check_frame(std::string_view input, const mqtt::FrameHeader& header) {
  if (header.header_size < 2 || header.header_size > 5 || header.frame_size() > input.size()) {
    __builtin_trap();
  }
  mqtt::FrameHeader shorter;
  if (mqtt::peek_frame(input.substr(0, header.frame_size() - 1), kMaxPacketSize, shorter) !=
      mqtt::FrameStatus::kNeedMore) {
    __builtin_trap();
  }
}

void check_round_trip(std::string_view frame, mqtt::ProtocolVersion version) {
  const mqtt::Decoded decoded = mqtt::decode_packet(frame, version);
  const mqtt::Packet* packet = as_packet(decoded);
  if (packet == nullptr) return;
  std::string encoded;
  // What the decoder accepted fits the format, so it always encodes.
  if (!mqtt::encode_packet(*packet, version, encoded)) __builtin_trap();
  mqtt::FrameHeader header;
  if (mqtt::peek_frame(encoded, kNoLimit, header) != mqtt::FrameStatus::kComplete ||
      header.frame_size() != encoded.size()) {
    __builtin_trap();
  }
  const mqtt::Decoded again = mqtt::decode_packet(encoded, version);
  const mqtt::Packet* repacket = as_packet(again);
  if (repacket == nullptr || !(*repacket == *packet)) __builtin_trap();
  std::string reencoded;
  if (!mqtt::encode_packet(*repacket, version, reencoded)) __builtin_trap();
  if (reencoded != encoded) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  mqtt::FrameHeader header;
  const bool complete =
      mqtt::peek_frame(input, kMaxPacketSize, header) == mqtt::FrameStatus::kComplete;
  if (complete) {
    check_frame(input, header);
    const std::string_view frame = input.substr(0, header.frame_size());
    check_round_trip(frame, mqtt::ProtocolVersion::kV3_1_1);
    check_round_trip(frame, mqtt::ProtocolVersion::kV5);
  }
  // The whole input as one frame: anything but exactly one frame must be refused.
  const bool exactly_one_frame = complete && header.frame_size() == input.size();
  if (!exactly_one_frame && as_packet(mqtt::decode_packet(input, mqtt::ProtocolVersion::kV5))) {
    __builtin_trap();
  }
  return 0;
}
