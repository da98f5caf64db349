// What transports keep of devices that an entity change makes stale. The authentication cache:
// the device's own identity and credentials when it or its credentials changed, everything when
// a device profile (whose name is the devices' type) or a tenant changed. Live sessions: a
// deleted device's, one whose credentials changed (a rotated token stops working on an open
// connection too) and a deleted tenant's devices' end, as the reference closes them.
#pragma once

#include <vector>

#include "auth/device_auth.h"
#include "entities/entity_changes.h"
#include "transport/device_sessions.h"

namespace pacificsoft::app {

void forget_changed_devices(auth::DeviceAuth& auth,
                            const std::vector<entities::EntityChange>& changes);

void end_sessions_of_changed_devices(transport::DeviceSessions& sessions,
                                     const std::vector<entities::EntityChange>& changes);

}  // namespace pacificsoft::app
