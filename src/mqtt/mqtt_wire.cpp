// The MQTT data types of section 1.5: bounds-checked reads for the decoders, appends for the
// encoders. A value the format cannot hold fails the packet it was to go in.
#include "mqtt/internal/mqtt_wire.h"

#include <cstdlib>
#include <limits>

namespace pacificsoft::transport::mqtt::detail {
namespace {

constexpr std::size_t kMaxBinarySize = std::numeric_limits<std::uint16_t>::max();

std::uint8_t byte_at(std::string_view bytes, std::size_t index) {
  return static_cast<std::uint8_t>(bytes[index]);
}

// For a UTF-8 lead byte: the sequence length, the payload bits it carries and the smallest code
// point that needs that length (anything below is an overlong encoding). Length 0: invalid lead.
struct Utf8Lead {
  std::size_t length = 0;
  std::uint32_t bits = 0;
  std::uint32_t min_code_point = 0;
};

Utf8Lead classify_lead(std::uint8_t lead) {
  if ((lead & 0xE0U) == 0xC0U) return {2, lead & 0x1FU, 0x80};
  if ((lead & 0xF0U) == 0xE0U) return {3, lead & 0x0FU, 0x800};
  if ((lead & 0xF8U) == 0xF0U) return {4, lead & 0x07U, 0x10000};
  return {};
}

bool is_surrogate(std::uint32_t code_point) { return code_point >= 0xD800 && code_point <= 0xDFFF; }

}  // namespace

bool is_valid_mqtt_utf8(std::string_view text) {
  std::size_t index = 0;
  while (index < text.size()) {
    const std::uint8_t lead = byte_at(text, index);
    if (lead < 0x80) {
      if (lead == 0) return false;  // U+0000 is forbidden in MQTT strings
      ++index;
      continue;
    }
    const Utf8Lead sequence = classify_lead(lead);
    if (sequence.length == 0 || text.size() - index < sequence.length) return false;
    std::uint32_t code_point = sequence.bits;
    for (std::size_t k = 1; k < sequence.length; ++k) {
      const std::uint8_t next = byte_at(text, index + k);
      if ((next & 0xC0U) != 0x80U) return false;
      code_point = (code_point << 6U) | (next & 0x3FU);
    }
    if (code_point < sequence.min_code_point || code_point > 0x10FFFF || is_surrogate(code_point)) {
      return false;
    }
    index += sequence.length;
  }
  return true;
}

std::string_view Reader::bytes(std::size_t size) {
  if (size > remaining()) {
    fail(Reason::kMalformedPacket);
    return {};
  }
  std::string_view result = data_.substr(position_, size);
  position_ += size;
  return result;
}

std::uint8_t Reader::u8() {
  std::string_view field = bytes(1);
  return field.empty() ? 0 : byte_at(field, 0);
}

std::uint16_t Reader::u16() {
  std::string_view field = bytes(2);
  if (field.empty()) return 0;
  return static_cast<std::uint16_t>((byte_at(field, 0) << 8U) | byte_at(field, 1));
}

std::uint32_t Reader::u32() {
  std::string_view field = bytes(4);
  std::uint32_t value = 0;
  for (char byte : field) value = (value << 8U) | static_cast<std::uint8_t>(byte);
  return value;
}

std::uint32_t Reader::varint() {
  if (failed()) return 0;
  std::uint32_t value = 0;
  std::size_t size = 0;
  if (decode_varint(data_.substr(position_), value, size) != VarintStatus::kOk) {
    fail(Reason::kMalformedPacket);
    return 0;
  }
  position_ += size;
  return value;
}

std::string_view Reader::binary() { return bytes(u16()); }

std::string_view Reader::utf8() {
  std::string_view text = binary();
  if (!is_valid_mqtt_utf8(text)) {
    fail(Reason::kMalformedPacket);
    return {};
  }
  return text;
}

std::string_view Reader::rest() { return bytes(remaining()); }

Reader Reader::take(std::size_t size) { return Reader(bytes(size)); }

void Reader::expect_end() {
  if (has_more()) fail(Reason::kMalformedPacket);
}

void Reader::fail(Reason reason) {
  if (!failed()) error_ = reason;
}

void put_u8(std::uint8_t value, Writer& out) { out.bytes.push_back(static_cast<char>(value)); }

void put_u16(std::uint16_t value, Writer& out) {
  put_u8(static_cast<std::uint8_t>(value >> 8U), out);
  put_u8(static_cast<std::uint8_t>(value), out);
}

void put_u32(std::uint32_t value, Writer& out) {
  put_u16(static_cast<std::uint16_t>(value >> 16U), out);
  put_u16(static_cast<std::uint16_t>(value), out);
}

void put_varint(std::uint32_t value, Writer& out) {
  if (value > kMaxVarint) {
    out.overflowed = true;
    return;
  }
  do {
    std::uint8_t digit = value & 0x7FU;
    value >>= 7U;
    if (value > 0) digit |= 0x80U;
    put_u8(digit, out);
  } while (value > 0);
}

void put_binary(std::string_view data, Writer& out) {
  if (data.size() > kMaxBinarySize) {
    out.overflowed = true;
    return;
  }
  put_u16(static_cast<std::uint16_t>(data.size()), out);
  out.append(data);
}

bool put_frame(std::uint8_t first_byte, const Writer& body, std::string& out) {
  if (body.overflowed || body.bytes.size() > kMaxVarint) return false;
  Writer header;
  put_u8(first_byte, header);
  put_varint(static_cast<std::uint32_t>(body.bytes.size()), header);
  out.append(header.bytes).append(body.bytes);
  return true;
}

}  // namespace pacificsoft::transport::mqtt::detail
