// Device provisioning (the reference's DeviceProvisionService): a device that knows its
// profile's provision key and secret gets credentials. ALLOW_CREATE_NEW_DEVICES creates the
// device; CHECK_PRE_PROVISIONED_DEVICES hands out the credentials of an existing device once
// (the SERVER_SCOPE attribute provisionState marks it).
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "entities/device_credentials.h"
#include "entities/entity_service.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::entities {

// Thread-safe.
class DeviceProvisioning {
 public:
  DeviceProvisioning(EntityService& entities, DeviceCredentialsService& credentials,
                     storage::AttributeStore& attributes)
      : entities_(entities), credentials_(credentials), attributes_(attributes) {}

  // The request JSON of the device API ({"deviceName", "provisionDeviceKey",
  // "provisionDeviceSecret", optional "credentialsType" and its values}) → the response JSON
  // ({"status": "SUCCESS", "credentialsType", "credentialsValue"} or {"status": "NOT_FOUND" |
  // "FAILURE", "errorMsg"}).
  std::string provision(std::string_view request_json);

 private:
  std::string create_device(const auth::SecurityUser& user, const storage::EntityRecord& profile,
                            const std::string& name, const bj::object& request);
  std::string hand_out_existing(const auth::SecurityUser& user,
                                const storage::EntityRecord& profile, const std::string& name);

  EntityService& entities_;
  DeviceCredentialsService& credentials_;
  storage::AttributeStore& attributes_;
  // One provisioning at a time: a pre-provisioned device is handed out once, a name created once.
  std::mutex mutex_;
};

}  // namespace pacificsoft::entities
