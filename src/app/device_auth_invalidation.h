// What of the device authentication cache an entity change makes stale: the device's own
// identity and credentials when it or its credentials changed, everything when a device
// profile (whose name is the devices' type) or a tenant changed.
#pragma once

#include <vector>

#include "auth/device_auth.h"
#include "entities/entity_changes.h"

namespace pacificsoft::app {

void forget_changed_devices(auth::DeviceAuth& auth,
                            const std::vector<entities::EntityChange>& changes);

}  // namespace pacificsoft::app
