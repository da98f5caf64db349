#include "rule/nodes/msg_pattern.h"

#include <optional>

#include "common/json.h"

namespace pacificsoft::rule {
namespace {

namespace bj = boost::json;

// A data field as the reference prints it: strings bare, anything else as JSON.
std::optional<std::string> data_value(const std::optional<bj::object>& data, std::string_view key) {
  const bj::value* value = data ? data->if_contains(key) : nullptr;
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return std::string(value->as_string());
  return json::serialize(*value);
}

}  // namespace

std::string process_pattern(std::string_view pattern, const model::Msg& msg) {
  std::optional<bj::object> data;  // parsed on the first $[...]
  bool parsed = false;
  std::string out;
  std::size_t at = 0;
  while (at < pattern.size()) {
    const bool metadata = pattern.substr(at, 2) == "${";
    const bool field = pattern.substr(at, 2) == "$[";
    const std::size_t end = metadata ? pattern.find('}', at + 2)
                            : field  ? pattern.find(']', at + 2)
                                     : std::string_view::npos;
    if (end == std::string_view::npos) {
      out += pattern[at++];
      continue;
    }
    const std::string_view key = pattern.substr(at + 2, end - at - 2);
    std::optional<std::string> value;
    if (metadata) {
      for (const auto& [name, text] : msg.metadata) {
        if (name == key) value = text;
      }
    } else {
      if (!parsed) {
        auto object = json::parse_object(msg.data);
        if (object) data = std::move(*object);
        parsed = true;
      }
      value = data_value(data, key);
    }
    out += value ? *value : std::string(pattern.substr(at, end + 1 - at));
    at = end + 1;
  }
  return out;
}

}  // namespace pacificsoft::rule
