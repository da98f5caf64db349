#include "model/msg.h"

#include <array>
#include <cstring>

namespace pacificsoft::model {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kVersionResume = 2;  // version 1 followed by the resume point

void put_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

void put_text(std::string& out, std::string_view text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

void put_uuid(std::string& out, const Uuid& id) {
  const auto& bytes = id.bytes();
  out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Reads fields front to back; any read past the end marks the reader failed.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  bool failed() const { return failed_; }
  bool at_end() const { return rest_.empty(); }

  std::uint64_t number(int size) {
    if (!take(static_cast<std::size_t>(size))) return 0;
    std::uint64_t value = 0;
    for (int i = 0; i < size; ++i) {
      value |= static_cast<std::uint64_t>(static_cast<unsigned char>(taken_[i])) << (8 * i);
    }
    return value;
  }
  std::string text() {
    const auto size = static_cast<std::size_t>(number(4));
    return take(size) ? std::string(taken_) : std::string();
  }
  Uuid uuid() {
    std::array<std::uint8_t, 16> bytes{};
    if (take(bytes.size())) std::memcpy(bytes.data(), taken_.data(), bytes.size());
    return Uuid(bytes);
  }

 private:
  bool take(std::size_t size) {
    if (failed_ || size > rest_.size()) {
      failed_ = true;
      return false;
    }
    taken_ = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return true;
  }

  std::string_view rest_;
  std::string_view taken_;
  bool failed_ = false;
};

}  // namespace

std::string_view Msg::metadata_value(std::string_view key) const {
  for (const auto& [name, value] : metadata) {
    if (name == key) return value;
  }
  return {};
}

std::string encode_msg(const Msg& msg) {
  std::string out;
  out.reserve(96 + msg.type.size() + msg.data.size());
  out += static_cast<char>(msg.resume ? kVersionResume : kVersion);
  put_uuid(out, msg.id);
  put_text(out, msg.type);
  out += static_cast<char>(msg.originator.type);
  put_uuid(out, msg.originator.id);
  put_uuid(out, msg.tenant_id);
  put_uuid(out, msg.customer_id);
  put_u64(out, static_cast<std::uint64_t>(msg.ts));
  put_u32(out, static_cast<std::uint32_t>(msg.metadata.size()));
  for (const auto& [key, value] : msg.metadata) {
    put_text(out, key);
    put_text(out, value);
  }
  put_text(out, msg.data);
  if (msg.resume) {
    put_uuid(out, msg.resume->rule_chain_id);
    put_uuid(out, msg.resume->rule_node_id);
    put_text(out, msg.resume->relation);
  }
  return out;
}

Result<Msg> decode_msg(std::string_view bytes) {
  Reader in(bytes);
  const auto version = in.number(1);
  if (version != kVersion && version != kVersionResume) {
    return invalid_argument("unknown message version");
  }
  Msg msg;
  msg.id = in.uuid();
  msg.type = in.text();
  const auto type = static_cast<int>(in.number(1));
  if (type > static_cast<int>(EntityType::kEntityView)) return invalid_argument("bad originator");
  msg.originator = {static_cast<EntityType>(type), in.uuid()};
  msg.tenant_id = in.uuid();
  msg.customer_id = in.uuid();
  msg.ts = static_cast<std::int64_t>(in.number(8));
  const auto entries = in.number(4);
  for (std::uint64_t i = 0; i < entries && !in.failed(); ++i) {
    std::string key = in.text();
    msg.metadata.emplace_back(std::move(key), in.text());
  }
  msg.data = in.text();
  if (version == kVersionResume) {
    MsgResume resume;
    resume.rule_chain_id = in.uuid();
    resume.rule_node_id = in.uuid();
    resume.relation = in.text();
    msg.resume = std::move(resume);
  }
  if (in.failed() || !in.at_end()) return invalid_argument("malformed message");
  return msg;
}

}  // namespace pacificsoft::model
