// Device uplinks as rule-engine messages, the way the reference's transports make them: one
// POST_TELEMETRY_REQUEST per distinct timestamp (data {"key": value}, metadata ts), one
// POST_ATTRIBUTES_REQUEST per attributes post; both with deviceName and deviceType metadata.
#pragma once

#include <vector>

#include "auth/device_auth.h"
#include "model/msg.h"
#include "model/telemetry_json.h"

namespace pacificsoft::transport {

std::vector<model::Msg> telemetry_msgs(const auth::DeviceIdentity& device,
                                       const std::vector<model::TsKv>& points);
model::Msg attributes_msg(const auth::DeviceIdentity& device, const model::KeyValues& values,
                          std::int64_t now_ms);

}  // namespace pacificsoft::transport
