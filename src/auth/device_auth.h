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
  std::string type;  // the device profile's name
};

// Thread-safe; holds no state of its own. Each call reads the entity store (an index probe): no
// cache yet, so a token changed through REST takes effect at once.
class DeviceAuth {
 public:
  explicit DeviceAuth(storage::EntityStore& store) : store_(store) {}

  // Unauthenticated for a token no device has.
  Result<DeviceIdentity> by_access_token(std::string_view token) const;

 private:
  storage::EntityStore& store_;
};

}  // namespace pacificsoft::auth
