// Credentials → device, through the credentials record's unique key (the reference's
// credentialsId), so each lookup is an index probe.
#include "auth/device_auth.h"

#include "auth/credentials_id.h"
#include "common/json.h"

namespace pacificsoft::auth {
namespace {

Status invalid_credentials() {
  return Status(ErrorCode::kUnauthenticated, "Invalid device credentials");
}

struct StoredCredentials {
  std::string type;
  std::string password;  // MQTT basic only; empty when none was set
  Uuid device_id;
};

Result<std::optional<StoredCredentials>> find_credentials(storage::EntityStore& store,
                                                          std::string_view credentials_id) {
  if (credentials_id.empty()) return std::optional<StoredCredentials>();
  auto record = store.find_by_unique_key(storage::RecordKind::kDeviceCredentials, credentials_id);
  if (!record) return record.status();
  if (!record->has_value()) return std::optional<StoredCredentials>();
  StoredCredentials stored{"ACCESS_TOKEN", {}, (*record)->parent_id};
  if (auto body = json::parse_object((*record)->body)) {
    stored.type = std::string(json::get_string(*body, "credentialsType").value_or("ACCESS_TOKEN"));
    auto value = json::parse_object(json::get_string(*body, "credentialsValue").value_or(""));
    if (value) stored.password = std::string(json::get_string(*value, "password").value_or(""));
  }
  return std::optional<StoredCredentials>(std::move(stored));
}

}  // namespace

DeviceIdentity identity_of(const storage::EntityRecord& device) {
  DeviceIdentity identity{device.id, device.tenant_id, device.customer_id, device.name,
                          device.type};
  if (auto body = json::parse_object(device.body)) {
    if (const auto* info = json::get_object(*body, "additionalInfo")) {
      identity.gateway = json::get_bool(*info, "gateway").value_or(false);
    }
  }
  return identity;
}

Result<DeviceIdentity> DeviceAuth::device(const Uuid& device_id) const {
  auto device = store_.get(storage::RecordKind::kDevice, device_id);
  if (!device) return device.status();
  if (!device->has_value()) return Status(ErrorCode::kUnauthenticated, "Device not found");
  return identity_of(**device);
}

Result<DeviceIdentity> DeviceAuth::by_access_token(std::string_view token) const {
  auto stored = find_credentials(store_, token);
  if (!stored) return stored.status();
  if (!stored->has_value() || (*stored)->type != "ACCESS_TOKEN") return invalid_credentials();
  return device((*stored)->device_id);
}

// The reference's order: client id alone; else client id with user name (password checked);
// else the user name as an access token or as a user-name-only MQTT basic credential.
Result<DeviceIdentity> DeviceAuth::by_mqtt_credentials(std::string_view client_id,
                                                       std::string_view user_name,
                                                       std::string_view password) const {
  auto matches = [password](const StoredCredentials& stored) {
    return stored.type == "ACCESS_TOKEN" ||
           (stored.type == "MQTT_BASIC" &&
            (stored.password.empty() || stored.password == password));
  };
  if (user_name.empty()) {
    auto stored = find_credentials(store_, mqtt_basic_credentials_id(client_id, {}));
    if (!stored) return stored.status();
    if (!stored->has_value() || (*stored)->type != "MQTT_BASIC") return invalid_credentials();
    return device((*stored)->device_id);
  }
  if (!client_id.empty()) {
    auto stored = find_credentials(store_, mqtt_basic_credentials_id(client_id, user_name));
    if (!stored) return stored.status();
    if (stored->has_value() && (*stored)->type == "MQTT_BASIC") {
      if (!matches(**stored)) return invalid_credentials();
      return device((*stored)->device_id);
    }
  }
  auto stored = find_credentials(store_, user_name);
  if (!stored) return stored.status();
  if (!stored->has_value() || !matches(**stored)) return invalid_credentials();
  return device((*stored)->device_id);
}

Result<DeviceIdentity> DeviceAuth::by_certificate(std::string_view pem) const {
  auto stored = find_credentials(store_, certificate_credentials_id(pem));
  if (!stored) return stored.status();
  if (!stored->has_value() || (*stored)->type != "X509_CERTIFICATE") return invalid_credentials();
  return device((*stored)->device_id);
}

}  // namespace pacificsoft::auth
