#include "transport/device_payloads.h"

#include "common/json.h"
#include "common/text.h"

namespace pacificsoft::transport {
namespace bj = boost::json;

namespace {

bj::object values_object(const std::vector<model::AttributeKv>& attributes) {
  bj::object object;
  for (const auto& attribute : attributes)
    object[attribute.key] = model::value_to_json(attribute.value);
  return object;
}

}  // namespace

Result<AttributeRequest> parse_attribute_request(std::string_view payload) {
  auto object = json::parse_object(payload);
  if (!object) return object.status();
  AttributeRequest request;
  if (auto keys = json::get_string(*object, "clientKeys")) request.client_keys = split_names(*keys);
  if (auto keys = json::get_string(*object, "sharedKeys")) request.shared_keys = split_names(*keys);
  return request;
}

AttributeRequest attribute_request_from_keys(const std::string* client_keys,
                                             const std::string* shared_keys) {
  AttributeRequest request;
  if (client_keys != nullptr) request.client_keys = split_names(*client_keys);
  if (shared_keys != nullptr) request.shared_keys = split_names(*shared_keys);
  return request;
}

std::string attribute_response_json(const DeviceAttributes& attributes) {
  bj::object response;
  if (!attributes.client.empty()) response["client"] = values_object(attributes.client);
  if (!attributes.shared.empty()) response["shared"] = values_object(attributes.shared);
  return json::serialize(response);
}

std::string shared_update_json(const SharedAttributeUpdate& update) {
  bj::object object = values_object(update.updated);
  if (!update.deleted.empty()) {
    bj::array deleted;
    for (const auto& key : update.deleted) deleted.emplace_back(key);
    object["deleted"] = std::move(deleted);
  }
  return json::serialize(object);
}

std::string rpc_request_json(const DeviceRpcRequest& request, bool with_id) {
  // params is JSON text checked by whoever made the request; it is spliced in, not re-parsed.
  std::string text = "{";
  if (with_id) text += "\"id\":" + std::to_string(request.id) + ",";
  text += "\"method\":" + json::serialize(bj::string(request.method));
  text += ",\"params\":" + (request.params_json.empty() ? std::string("{}") : request.params_json);
  return text + "}";
}

Result<ClientRpcRequest> parse_client_rpc(std::string_view payload) {
  auto object = json::parse_object(payload);
  if (!object) return object.status();
  auto method = json::get_string(*object, "method");
  const bj::value* params = object->if_contains("params");
  if (!method || params == nullptr) {
    return invalid_argument("an RPC request needs \"method\" and \"params\"");
  }
  return ClientRpcRequest{std::string(*method), json::serialize(*params)};
}

std::string client_rpc_reply_json(Result<std::string> reply) {
  if (reply) return std::move(*reply);
  return json::serialize(bj::object{{"error", reply.status().message()}});
}

}  // namespace pacificsoft::transport
