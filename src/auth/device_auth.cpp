// Access token → device, through the credentials record's unique key.
#include "auth/device_auth.h"

namespace pacificsoft::auth {

Result<DeviceIdentity> DeviceAuth::by_access_token(std::string_view token) const {
  auto credentials = store_.find_by_unique_key(storage::RecordKind::kDeviceCredentials, token);
  if (!credentials) return credentials.status();
  if (!credentials->has_value() || token.empty()) {
    return Status(ErrorCode::kUnauthenticated, "Invalid device credentials");
  }
  auto device = store_.get(storage::RecordKind::kDevice, (*credentials)->parent_id);
  if (!device) return device.status();
  if (!device->has_value()) return Status(ErrorCode::kUnauthenticated, "Device not found");
  const storage::EntityRecord& record = **device;
  return DeviceIdentity{record.id, record.tenant_id, record.customer_id, record.name, record.type};
}

}  // namespace pacificsoft::auth
