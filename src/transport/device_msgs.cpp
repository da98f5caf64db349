#include "transport/device_msgs.h"

#include <map>

#include "common/json.h"

namespace pacificsoft::transport {
namespace {

model::Msg device_msg(const auth::DeviceIdentity& device, std::string_view type, std::int64_t ts) {
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = std::string(type);
  msg.originator = {model::EntityType::kDevice, device.device_id};
  msg.tenant_id = device.tenant_id;
  msg.customer_id = device.customer_id;
  msg.ts = ts;
  msg.metadata = {
      {"deviceName", device.name}, {"deviceType", device.type}, {"ts", std::to_string(ts)}};
  return msg;
}

}  // namespace

std::vector<model::Msg> telemetry_msgs(const auth::DeviceIdentity& device,
                                       const std::vector<model::TsKv>& points) {
  std::map<std::int64_t, boost::json::object> by_ts;
  for (const auto& point : points) by_ts[point.ts][point.key] = model::value_to_json(point.value);
  std::vector<model::Msg> msgs;
  msgs.reserve(by_ts.size());
  for (auto& [ts, values] : by_ts) {
    model::Msg msg = device_msg(device, model::msg_type::kPostTelemetry, ts);
    msg.data = json::serialize(values);
    msgs.push_back(std::move(msg));
  }
  return msgs;
}

model::Msg attributes_msg(const auth::DeviceIdentity& device, const model::KeyValues& values,
                          std::int64_t now_ms) {
  model::Msg msg = device_msg(device, model::msg_type::kPostAttributes, now_ms);
  boost::json::object data;
  for (const auto& [key, value] : values) data[key] = model::value_to_json(value);
  msg.data = json::serialize(data);
  msg.metadata.emplace_back("notifyDevice", "false");
  return msg;
}

model::Msg event_msg(const auth::DeviceIdentity& device, std::string_view type,
                     std::int64_t now_ms) {
  model::Msg msg = device_msg(device, type, now_ms);
  msg.data = "{\"ts\":" + std::to_string(now_ms) + "}";
  return msg;
}

model::Msg client_rpc_msg(const auth::DeviceIdentity& device, const ClientRpcRequest& request,
                          const std::string& request_key, std::int64_t now_ms) {
  model::Msg msg = device_msg(device, model::msg_type::kToServerRpc, now_ms);
  msg.data = "{\"method\":" + json::serialize(boost::json::string(request.method)) +
             ",\"params\":" + request.params_json + "}";
  msg.metadata.emplace_back("requestId", request_key);
  return msg;
}

}  // namespace pacificsoft::transport
