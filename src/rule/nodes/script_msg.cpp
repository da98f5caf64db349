#include "rule/nodes/script_msg.h"

namespace pacificsoft::rule {

namespace bj = boost::json;

std::string metadata_json(const model::Msg& msg) {
  bj::object metadata;
  for (const auto& [key, value] : msg.metadata) metadata[key] = value;
  return json::serialize(metadata);
}

Status apply_script_result(model::Msg& msg, const bj::value& result) {
  if (!result.is_object()) return invalid_argument("a script must return {msg, metadata, msgType}");
  const auto& parts = result.as_object();
  if (const auto* data = parts.if_contains("msg")) msg.data = json::serialize(*data);
  if (const auto* type = parts.if_contains("msgType"); type != nullptr && type->is_string()) {
    msg.type = std::string(type->as_string());
  }
  if (const auto* metadata = json::get_object(parts, "metadata")) {
    msg.metadata.clear();
    for (const auto& [key, value] : *metadata) {
      msg.metadata.emplace_back(std::string(key), value.is_string() ? std::string(value.as_string())
                                                                    : json::serialize(value));
    }
  }
  return Status::ok();
}

}  // namespace pacificsoft::rule
