// Entity changes → the device authentication cache and live sessions.
#include "app/device_auth_invalidation.h"

namespace pacificsoft::app {

void forget_changed_devices(auth::DeviceAuth& auth,
                            const std::vector<entities::EntityChange>& changes) {
  using Type = entities::EntityChange::Type;
  using storage::RecordKind;
  for (const auto& change : changes) {
    // A device profile's name is its devices' type, which every kept identity carries.
    if (change.type == Type::kTenantRemoved || change.kind == RecordKind::kDeviceProfile) {
      auth.forget_all();
    } else if (change.kind == RecordKind::kDevice) {
      auth.forget_device(change.id);
    } else if (change.kind == RecordKind::kDeviceCredentials) {
      if (change.type == Type::kSaved) {
        auth.forget_device(change.parent_id);
      } else {
        auth.forget_credentials_record(change.id);
      }
    }
  }
}

void end_sessions_of_changed_devices(transport::DeviceSessions& sessions,
                                     const std::vector<entities::EntityChange>& changes) {
  using Type = entities::EntityChange::Type;
  using storage::RecordKind;
  for (const auto& change : changes) {
    if (change.type == Type::kTenantRemoved) {
      sessions.end_tenant(change.tenant_id);
    } else if (change.kind == RecordKind::kDevice && change.type == Type::kRemoved) {
      sessions.end_device(change.id);
    } else if (change.kind == RecordKind::kDeviceCredentials && change.type == Type::kSaved) {
      sessions.end_device(change.parent_id);
    }
  }
}

}  // namespace pacificsoft::app
