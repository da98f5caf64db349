#include "rule/nodes/node_support.h"

#include <algorithm>
#include <optional>

namespace pacificsoft::rule {
namespace {

// The data field at a dotted path, or null when the data is not an object or has no such field.
const bj::value* data_field(const bj::object& data, std::string_view path) {
  const bj::object* object = &data;
  while (true) {
    const auto dot = path.find('.');
    const auto* value = object->if_contains(path.substr(0, dot));
    if (value == nullptr || dot == std::string_view::npos) return value;
    object = value->if_object();
    if (object == nullptr) return nullptr;
    path.remove_prefix(dot + 1);
  }
}

}  // namespace

std::vector<std::string> config_strings(const bj::object& configuration, std::string_view key) {
  std::vector<std::string> values;
  const auto* array = configuration.if_contains(key);
  if (array == nullptr || !array->is_array()) return values;
  for (const auto& value : array->as_array()) {
    if (value.is_string()) values.emplace_back(value.as_string());
  }
  return values;
}

KeyMapping config_mapping(const bj::object& configuration, std::string_view key,
                          std::string_view legacy_key) {
  const auto* mapping = json::get_object(configuration, key);
  if (mapping == nullptr && !legacy_key.empty()) {
    mapping = json::get_object(configuration, legacy_key);
  }
  KeyMapping pairs;
  if (mapping == nullptr) return pairs;
  for (const auto& [from, to] : *mapping) {
    if (to.is_string()) pairs.emplace_back(std::string(from), std::string(to.as_string()));
  }
  return pairs;
}

std::string process_pattern(std::string_view pattern, const model::Msg& msg) {
  std::optional<bj::object> data;  // parsed on the first $[...]
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const bool is_metadata = pattern.compare(i, 2, "${") == 0;
    const bool is_data = pattern.compare(i, 2, "$[") == 0;
    const auto close = (is_metadata || is_data) ? pattern.find(is_metadata ? '}' : ']', i + 2)
                                                : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += pattern[i++];
      continue;
    }
    const auto key = pattern.substr(i + 2, close - i - 2);
    const auto whole = pattern.substr(i, close + 1 - i);
    i = close + 1;
    if (is_metadata) {
      auto found = std::find_if(msg.metadata.begin(), msg.metadata.end(),
                                [key](const auto& entry) { return entry.first == key; });
      out += found != msg.metadata.end() ? std::string_view(found->second) : whole;
      continue;
    }
    if (!data) {
      auto parsed = json::parse_object(msg.data);
      data = parsed ? std::move(*parsed) : bj::object{};
    }
    const auto* value = data_field(*data, key);
    out += value != nullptr ? metadata_text(*value) : std::string(whole);
  }
  return out;
}

Result<MsgPart> config_msg_part(const bj::object& configuration, std::string_view key,
                                MsgPart fallback) {
  auto name = json::get_string(configuration, key);
  if (!name) return fallback;
  if (*name == "DATA") return MsgPart::kData;
  if (*name == "METADATA") return MsgPart::kMetadata;
  return invalid_argument("'" + std::string(key) + "' must be DATA or METADATA");
}

void put_metadata(model::Msg& msg, std::string_view key, std::string value) {
  for (auto& [name, current] : msg.metadata) {
    if (name == key) {
      current = std::move(value);
      return;
    }
  }
  msg.metadata.emplace_back(std::string(key), std::move(value));
}

std::string metadata_text(const bj::value& value) {
  return value.is_string() ? std::string(value.as_string()) : json::serialize(value);
}

Status MsgFields::apply_to(model::Msg& msg) const {
  if (part_ == MsgPart::kMetadata) {
    for (const auto& [key, value] : fields_) put_metadata(msg, key, metadata_text(value));
    return Status::ok();
  }
  auto data = json::parse_object(msg.data);
  if (!data) return invalid_argument("Message body is not an object!");
  for (const auto& [key, value] : fields_) (*data)[key] = value;
  msg.data = json::serialize(*data);
  return Status::ok();
}

NodeResult read_failed(model::Msg msg, const Status& status) {
  if (status.code() == ErrorCode::kUnavailable) return NodeResult::retry(std::move(msg), status);
  return NodeResult::failure(std::move(msg), status.message());
}

}  // namespace pacificsoft::rule
