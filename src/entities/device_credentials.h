// Device credentials: one record per device, of type ACCESS_TOKEN, MQTT_BASIC or
// X509_CERTIFICATE. The record's unique_key is the reference's credentials id (the token, or a
// hash of the MQTT basic names or of the certificate), so a transport's lookup is one index probe.
#pragma once

#include <string>

#include "auth/security_user.h"
#include "entities/entity_service.h"

namespace pacificsoft::entities {

// Creates the credentials of a new device: `access_token`, or a random one when empty.
Status create_device_credentials(storage::EntityStore& store, const storage::EntityRecord& device,
                                 const std::string& token, std::int64_t now_ms);
// Removes them with the device.
Status remove_device_credentials(storage::EntityStore& store, const Uuid& device_id);

// Thread-safe; holds no state of its own.
class DeviceCredentialsService {
 public:
  explicit DeviceCredentialsService(EntityService& entities) : entities_(entities) {}

  Result<bj::object> get(const auth::SecurityUser& user, const Uuid& device_id);
  // Replaces a device's credentials from the reference's DeviceCredentials JSON.
  Result<bj::object> update(const auth::SecurityUser& user, const bj::object& body);

 private:
  EntityService& entities_;
};

}  // namespace pacificsoft::entities
