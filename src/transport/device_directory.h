// Device records the transports need to create or change: a gateway's child devices (created on
// first sight, as the reference does) and provisioning. app/ wires it to the entity services.
#pragma once

#include <string>
#include <string_view>

#include "auth/device_auth.h"
#include "common/status.h"

namespace pacificsoft::transport {

// Thread-safe.
class DeviceDirectory {
 public:
  virtual ~DeviceDirectory() = default;
  // The gateway tenant's device of that name; created when missing, with the device profile
  // named `type` (found or created; "default" when empty), in the gateway's customer, related
  // to the gateway by a "Created" relation.
  virtual Result<auth::DeviceIdentity> gateway_child(const auth::DeviceIdentity& gateway,
                                                     std::string_view name,
                                                     std::string_view type) = 0;
  // Provisioning: the device API's request JSON in, the response JSON out (its "status" says
  // whether it worked).
  virtual std::string provision(std::string_view request_json) = 0;
};

}  // namespace pacificsoft::transport
