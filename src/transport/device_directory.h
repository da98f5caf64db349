// Device records the transports need to create or change: a gateway's child devices (created on
// first sight, as the reference does) and provisioning. app/ wires it to the entity services.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "auth/device_authenticator.h"

namespace pacificsoft::transport {

// The provisioning response JSON; its "status" says whether it worked.
using Provisioned = std::function<void(std::string response_json)>;

// Thread-safe. Each calls `done` once: before the call returns when the entity store is at hand,
// later from another thread when it is not.
class DeviceDirectory {
 public:
  virtual ~DeviceDirectory() = default;
  // The gateway tenant's device of that name; created when missing, with the device profile
  // named `type` (found or created; "default" when empty), in the gateway's customer, related
  // to the gateway by a "Created" relation.
  virtual void gateway_child(const auth::DeviceIdentity& gateway, std::string_view name,
                             std::string_view type, auth::IdentityDone done) = 0;
  // Provisioning: the device API's request JSON in, the response JSON out.
  virtual void provision(std::string_view request_json, Provisioned done) = 0;
};

}  // namespace pacificsoft::transport
