// Device authentication for the transports: the device an access token belongs to.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/uuid.h"
#include "storage/entity_store.h"

namespace pacificsoft::auth {

// Who a device message comes from, as every transport hands it on.
struct DeviceIdentity {
  Uuid device_id;
  Uuid tenant_id;
  Uuid customer_id;  // all-zero when unassigned
  std::string name;
  std::string type;      // the device profile's name
  bool gateway = false;  // additionalInfo.gateway: may speak the gateway API for other devices
};

// The identity of a device record.
DeviceIdentity identity_of(const storage::EntityRecord& device);

// Thread-safe; holds no state of its own. Each call reads the entity store (index probes): no
// cache yet, so credentials changed through REST take effect at once.
class DeviceAuth {
 public:
  explicit DeviceAuth(storage::EntityStore& store) : store_(store) {}

  // Each is Unauthenticated when no device has these credentials.
  Result<DeviceIdentity> by_access_token(std::string_view token) const;
  // MQTT CONNECT credentials: access token as user name, or MQTT basic credentials.
  Result<DeviceIdentity> by_mqtt_credentials(std::string_view client_id, std::string_view user_name,
                                             std::string_view password) const;
  // The PEM of the leaf certificate a TLS client presented.
  Result<DeviceIdentity> by_certificate(std::string_view pem) const;
  // The device of a credentials record.
  Result<DeviceIdentity> device(const Uuid& device_id) const;

 private:
  storage::EntityStore& store_;
};

}  // namespace pacificsoft::auth
