// Credentials → device, through the credentials record's unique key (the reference's
// credentialsId), so a lookup the cache misses is one index probe.
#include "auth/device_auth.h"

#include "auth/credentials_id.h"
#include "common/json.h"

namespace pacificsoft::auth {
namespace {

Status invalid_credentials() {
  return Status(ErrorCode::kUnauthenticated, "Invalid device credentials");
}

// A credentials record's body: its type, and the password of MQTT basic credentials.
DeviceAuth::Credentials credentials_of(const storage::EntityRecord& record) {
  DeviceAuth::Credentials stored{"ACCESS_TOKEN", {}, record.parent_id, record.id};
  if (auto body = json::parse_object(record.body)) {
    stored.type = std::string(json::get_string(*body, "credentialsType").value_or("ACCESS_TOKEN"));
    auto value = json::parse_object(json::get_string(*body, "credentialsValue").value_or(""));
    if (value) stored.password = std::string(json::get_string(*value, "password").value_or(""));
  }
  return stored;
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

// Unknown credentials are not kept: they are read each time, as they might be created any time.
Result<std::optional<DeviceAuth::Credentials>> DeviceAuth::find_credentials(
    std::string_view credentials_id, Keep keep) const {
  if (credentials_id.empty()) return std::optional<Credentials>();
  std::uint64_t epoch = 0;
  {
    std::lock_guard lock(mutex_);
    auto found = credentials_.find(std::string(credentials_id));
    if (found != credentials_.end()) return std::optional<Credentials>(found->second);
    epoch = epoch_;
  }
  auto record = store_.find_by_unique_key(storage::RecordKind::kDeviceCredentials, credentials_id);
  if (!record) return record.status();
  if (!record->has_value()) return std::optional<Credentials>();
  Credentials stored = credentials_of(**record);
  std::lock_guard lock(mutex_);
  if (keep == Keep::kYes && epoch == epoch_) {
    if (credentials_.size() >= max_entries_) forget_everything();
    credentials_.emplace(std::string(credentials_id), stored);
    credentials_of_.emplace(stored.device_id, std::string(credentials_id));
    device_of_record_.emplace(stored.record_id, stored.device_id);
  }
  return std::optional<Credentials>(std::move(stored));
}

Result<DeviceIdentity> DeviceAuth::device(const Uuid& device_id) const {
  return read_device(device_id, Keep::kNo);
}

Result<DeviceIdentity> DeviceAuth::read_device(const Uuid& device_id, Keep keep) const {
  std::uint64_t epoch = 0;
  {
    std::lock_guard lock(mutex_);
    auto found = identities_.find(device_id);
    if (found != identities_.end()) return found->second;
    epoch = epoch_;
  }
  auto device = store_.get(storage::RecordKind::kDevice, device_id);
  if (!device) return device.status();
  if (!device->has_value()) return Status(ErrorCode::kUnauthenticated, "Device not found");
  DeviceIdentity identity = identity_of(**device);
  std::lock_guard lock(mutex_);
  if (keep == Keep::kYes && epoch == epoch_) {
    if (identities_.size() >= max_entries_) forget_everything();
    identities_.emplace(device_id, identity);
  }
  return identity;
}

void DeviceAuth::forget_device(const Uuid& device_id) {
  std::lock_guard lock(mutex_);
  forget_device_locked(device_id);
}

void DeviceAuth::forget_credentials_record(const Uuid& record_id) {
  std::lock_guard lock(mutex_);
  ++epoch_;
  auto found = device_of_record_.find(record_id);
  if (found != device_of_record_.end()) forget_device_locked(found->second);
}

void DeviceAuth::forget_device_locked(const Uuid& device_id) const {
  ++epoch_;
  identities_.erase(device_id);
  auto [first, last] = credentials_of_.equal_range(device_id);
  for (auto it = first; it != last; ++it) {
    auto credentials = credentials_.find(it->second);
    if (credentials == credentials_.end()) continue;
    device_of_record_.erase(credentials->second.record_id);
    credentials_.erase(credentials);
  }
  credentials_of_.erase(first, last);
}

void DeviceAuth::forget_all() {
  std::lock_guard lock(mutex_);
  forget_everything();
}

void DeviceAuth::forget_everything() const {
  ++epoch_;
  credentials_.clear();
  identities_.clear();
  credentials_of_.clear();
  device_of_record_.clear();
}

Result<DeviceIdentity> DeviceAuth::by_access_token(std::string_view token) const {
  auto stored = find_credentials(token);
  if (!stored) return stored.status();
  if (!stored->has_value() || (*stored)->type != "ACCESS_TOKEN") return invalid_credentials();
  return read_device((*stored)->device_id, Keep::kYes);
}

// The reference's order: client id alone; else client id with user name (password checked);
// else the user name as an access token or as a user-name-only MQTT basic credential.
Result<DeviceIdentity> DeviceAuth::by_mqtt_credentials(std::string_view client_id,
                                                       std::string_view user_name,
                                                       std::string_view password) const {
  auto matches = [password](const Credentials& stored) {
    return stored.type == "ACCESS_TOKEN" ||
           (stored.type == "MQTT_BASIC" &&
            (stored.password.empty() || stored.password == password));
  };
  if (user_name.empty()) {
    auto stored = find_credentials(mqtt_basic_credentials_id(client_id, {}), Keep::kNo);
    if (!stored) return stored.status();
    if (!stored->has_value() || (*stored)->type != "MQTT_BASIC") return invalid_credentials();
    return read_device((*stored)->device_id, Keep::kNo);
  }
  if (!client_id.empty()) {
    auto stored = find_credentials(mqtt_basic_credentials_id(client_id, user_name), Keep::kNo);
    if (!stored) return stored.status();
    if (stored->has_value() && (*stored)->type == "MQTT_BASIC") {
      if (!matches(**stored)) return invalid_credentials();
      return read_device((*stored)->device_id, Keep::kNo);
    }
  }
  auto stored = find_credentials(user_name, Keep::kNo);
  if (!stored) return stored.status();
  if (!stored->has_value() || !matches(**stored)) return invalid_credentials();
  return read_device((*stored)->device_id, Keep::kNo);
}

Result<DeviceIdentity> DeviceAuth::by_certificate(std::string_view pem) const {
  auto stored = find_credentials(certificate_credentials_id(pem), Keep::kNo);
  if (!stored) return stored.status();
  if (!stored->has_value() || (*stored)->type != "X509_CERTIFICATE") return invalid_credentials();
  return read_device((*stored)->device_id, Keep::kNo);
}

}  // namespace pacificsoft::auth
