// Byte-level reading and writing of MQTT data types (section 1.5 of both specifications): the
// bounds-checked Reader the decoders share and the put_* appenders the encoders share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mqtt/mqtt_packets.h"

namespace pacificsoft::transport::mqtt::detail {

// The largest value a variable byte integer holds (four bytes of seven bits).
inline constexpr std::uint32_t kMaxVarint = 268'435'455;

enum class VarintStatus : std::uint8_t { kOk, kNeedMore, kMalformed };

// Decodes the variable byte integer at the start of bytes. kNeedMore when bytes end inside it;
// kMalformed for a fifth byte or a longer encoding than the value needs.
VarintStatus decode_varint(std::string_view bytes, std::uint32_t& value, std::size_t& size);

// Well-formed UTF-8 without U+0000 and without surrogates, as MQTT strings must be.
bool is_valid_mqtt_utf8(std::string_view text);

// Reads fields front to back. The first failure sticks: later reads return zeros and empty
// views, so a decoder reads a whole packet and checks once, and a failed reader never reports
// more bytes. The first reason recorded is the one reported.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint32_t varint();
  std::string_view binary();  // two-byte length, then the bytes
  std::string_view utf8();    // binary, and the bytes must be a valid MQTT string
  std::string_view rest();    // every byte left
  // Consumes the next size bytes and returns a reader over them.
  Reader take(std::size_t size);

  bool has_more() const { return !failed() && position_ < data_.size(); }
  std::size_t remaining() const { return failed() ? 0 : data_.size() - position_; }
  // Bytes left over after the last field make the packet malformed.
  void expect_end();

  void fail(Reason reason);
  bool failed() const { return error_ != Reason::kSuccess; }
  Reason error() const { return error_; }

 private:
  std::string_view bytes(std::size_t size);

  std::string_view data_;
  std::size_t position_ = 0;
  Reason error_ = Reason::kSuccess;
};

// A packet being encoded. A value too long for its field (a string over 65 535 bytes, a length
// over kMaxVarint) is not written and sticks as a failure, as a Reader's does: the encoder writes
// a whole packet and checks once, and such a packet is refused, never cut short.
struct Writer {
  std::string bytes;
  bool overflowed = false;

  void append(std::string_view data) { bytes.append(data); }
  void append(const Writer& other) {
    bytes.append(other.bytes);
    overflowed = overflowed || other.overflowed;
  }
};

void put_u8(std::uint8_t value, Writer& out);
void put_u16(std::uint16_t value, Writer& out);
void put_u32(std::uint32_t value, Writer& out);
// Overflows above kMaxVarint.
void put_varint(std::uint32_t value, Writer& out);
// Two-byte length and the bytes; overflows above 65 535 bytes.
void put_binary(std::string_view data, Writer& out);
// Appends the fixed header (first byte, remaining length) and then body to out; false, with out
// unchanged, when body overflowed or is longer than a remaining length can say.
bool put_frame(std::uint8_t first_byte, const Writer& body, std::string& out);

}  // namespace pacificsoft::transport::mqtt::detail
