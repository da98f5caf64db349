// Frame boundaries: the fixed header's variable byte integer and peek_frame, which lets the
// connection cut frames out of a byte stream without buffering one larger than it accepts.
#include "mqtt/internal/mqtt_wire.h"
#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt {
namespace detail {

VarintStatus decode_varint(std::string_view bytes, std::uint32_t& value, std::size_t& size) {
  constexpr std::size_t kMaxVarintSize = 4;
  std::uint32_t result = 0;
  for (std::size_t index = 0; index < kMaxVarintSize; ++index) {
    if (index == bytes.size()) return VarintStatus::kNeedMore;
    const auto digit = static_cast<std::uint8_t>(bytes[index]);
    result |= static_cast<std::uint32_t>(digit & 0x7FU) << (7 * index);
    if ((digit & 0x80U) == 0) {
      // A zero last byte after the first means the value had a shorter encoding, which the
      // specification requires (MQTT-1.5.5-1).
      if (index > 0 && digit == 0) return VarintStatus::kMalformed;
      value = result;
      size = index + 1;
      return VarintStatus::kOk;
    }
  }
  return VarintStatus::kMalformed;
}

}  // namespace detail

FrameStatus peek_frame(std::string_view buffer, std::uint32_t max_packet_size,
                       FrameHeader& header) {
  if (buffer.empty()) return FrameStatus::kNeedMore;
  std::uint32_t remaining_length = 0;
  std::size_t length_size = 0;
  switch (detail::decode_varint(buffer.substr(1), remaining_length, length_size)) {
    case detail::VarintStatus::kNeedMore:
      return FrameStatus::kNeedMore;
    case detail::VarintStatus::kMalformed:
      return FrameStatus::kMalformed;
    case detail::VarintStatus::kOk:
      break;
  }
  header.first_byte = static_cast<std::uint8_t>(buffer.front());
  header.remaining_length = remaining_length;
  header.header_size = 1 + length_size;
  if (header.frame_size() > max_packet_size) return FrameStatus::kTooLarge;
  return buffer.size() < header.frame_size() ? FrameStatus::kNeedMore : FrameStatus::kComplete;
}

}  // namespace pacificsoft::transport::mqtt
