// Device authentication for the transports: the device an access token belongs to.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

// Thread-safe. Access tokens and their devices' identities read from the entity store are kept,
// so a device's next HTTP or CoAP request costs no store read; whoever sees the store change (app/,
// from the entity store's committed changes) tells it what to forget before the change's call
// returns, so changed credentials take effect at once. What comes once per connection or per
// state change (an MQTT CONNECT, a device's identity by id) is read through, not kept: keeping
// it for 5000 connected devices cost 0.3 KB each in the idle-connection benchmark.
class DeviceAuth {
 public:
  // At most max_entries credentials and as many identities are kept; past that, all are dropped
  // and read again as needed.
  explicit DeviceAuth(storage::EntityStore& store, std::size_t max_entries = 200'000)
      : store_(store), max_entries_(max_entries) {}

  // Each is Unauthenticated when no device has these credentials.
  Result<DeviceIdentity> by_access_token(std::string_view token) const;
  // MQTT CONNECT credentials: access token as user name, or MQTT basic credentials.
  Result<DeviceIdentity> by_mqtt_credentials(std::string_view client_id, std::string_view user_name,
                                             std::string_view password) const;
  // The PEM of the leaf certificate a TLS client presented.
  Result<DeviceIdentity> by_certificate(std::string_view pem) const;
  // The device of a credentials record (read through: what is kept answers, nothing is added).
  Result<DeviceIdentity> device(const Uuid& device_id) const;

  // A device record changed or went, or a credentials record of it did.
  void forget_device(const Uuid& device_id);
  // A credentials record went (its device unknown).
  void forget_credentials_record(const Uuid& record_id);
  // Anything else (a tenant went).
  void forget_all();

  // A credentials record's meaning, as kept.
  struct Credentials {
    std::string type;
    std::string password;  // MQTT basic only; empty when none was set
    Uuid device_id;
    Uuid record_id;
  };

 private:
  enum class Keep : std::uint8_t { kYes, kNo };
  Result<std::optional<Credentials>> find_credentials(std::string_view credentials_id,
                                                      Keep keep = Keep::kYes) const;
  Result<DeviceIdentity> read_device(const Uuid& device_id, Keep keep) const;
  void forget_device_locked(const Uuid& device_id) const;  // under mutex_
  void forget_everything() const;                          // under mutex_

  storage::EntityStore& store_;
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  // Grows with every forget: a store read that began before one is not kept.
  mutable std::uint64_t epoch_ = 0;  // guarded by mutex_
  // Guarded by mutex_: credentials by credentials id, identities by device id, and the indexes
  // that forgetting a device or a credentials record goes by.
  mutable std::unordered_map<std::string, Credentials> credentials_;
  mutable std::unordered_map<Uuid, DeviceIdentity> identities_;
  mutable std::unordered_multimap<Uuid, std::string> credentials_of_;  // device id → ids
  mutable std::unordered_map<Uuid, Uuid> device_of_record_;            // record id → device id
};

}  // namespace pacificsoft::auth
