// Everything a device transport front end (MQTT, HTTP, CoAP) works with, handed over as one
// bundle by app/. All are thread-safe and outlive the transports.
#pragma once

#include "auth/device_authenticator.h"
#include "common/clock.h"
#include "transport/device_backend.h"
#include "transport/device_directory.h"
#include "transport/device_limits.h"
#include "transport/device_rpc.h"
#include "transport/device_sessions.h"

namespace pacificsoft::transport {

struct DeviceServices {
  // Its answer may come later (from the core over the network, when transports run apart).
  auth::DeviceAuthenticator& authenticator;
  DeviceBackend& backend;
  DeviceDirectory& directory;
  DeviceLimits& limits;
  DeviceRpcRouter& rpc;
  DeviceSessions& sessions;
  const Clock& clock;
};

}  // namespace pacificsoft::transport
