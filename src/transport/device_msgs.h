// Device uplinks as rule-engine messages, the way the reference's transports make them: one
// POST_TELEMETRY_REQUEST per distinct timestamp (data {"key": value}, metadata ts), one
// POST_ATTRIBUTES_REQUEST per attributes post, one TO_SERVER_RPC_REQUEST per client-side RPC;
// all with deviceName and deviceType metadata.
#pragma once

#include <vector>

#include "auth/device_auth.h"
#include "model/msg.h"
#include "model/telemetry_json.h"
#include "transport/device_backend.h"

namespace pacificsoft::transport {

std::vector<model::Msg> telemetry_msgs(const auth::DeviceIdentity& device,
                                       const std::vector<model::TsKv>& points);
model::Msg attributes_msg(const auth::DeviceIdentity& device, const model::KeyValues& values,
                          std::int64_t now_ms);
// TO_SERVER_RPC_REQUEST: data {"method", "params"}; metadata requestId = the key the chain's
// "rpc call reply" node answers by.
// A device state event (CONNECT_EVENT, DISCONNECT_EVENT) with data {"ts": now}.
model::Msg event_msg(const auth::DeviceIdentity& device, std::string_view type,
                     std::int64_t now_ms);
model::Msg client_rpc_msg(const auth::DeviceIdentity& device, const ClientRpcRequest& request,
                          const std::string& request_key, std::int64_t now_ms);

}  // namespace pacificsoft::transport
