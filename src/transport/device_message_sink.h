// Where the transports hand a device's messages. app/ wires it: to the telemetry service for now,
// to the durable queue and the rule engine when they land. A transport acknowledges the device
// only when the sink reports the message durable.
#pragma once

#include <functional>

#include "auth/device_auth.h"
#include "common/status.h"
#include "model/kv.h"
#include "model/telemetry_json.h"

namespace pacificsoft::transport {

// Called once the message is durable (ok) or refused; from any thread, keep it short.
using Accepted = std::function<void(Status)>;

class DeviceMessageSink {
 public:
  virtual ~DeviceMessageSink() = default;
  virtual void post_telemetry(const auth::DeviceIdentity& device, std::vector<model::TsKv> points,
                              Accepted accepted) = 0;
  // Client-side attributes reported by the device.
  virtual void post_attributes(const auth::DeviceIdentity& device, model::KeyValues values,
                               Accepted accepted) = 0;
};

}  // namespace pacificsoft::transport
