// How transports learn whose credentials a device presents without blocking their event loops:
// the answer comes at once when it is at hand, or later from another thread (a store read on a
// worker here; the core over the network when transports run as their own processes).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "auth/device_auth.h"
#include "common/serial_executor.h"

namespace pacificsoft::auth {

// Runs exactly once: before the call that was given it returns, or later on another thread.
using IdentityDone = std::function<void(Result<DeviceIdentity>)>;

struct MqttCredentials {
  std::string client_id;
  std::string user_name;
  std::string password;
};

// Thread-safe. Each answers Unauthenticated when no device has these credentials, Unavailable
// when it cannot tell now.
class DeviceAuthenticator {
 public:
  virtual ~DeviceAuthenticator() = default;
  virtual void by_access_token(std::string_view token, IdentityDone done) = 0;
  // MQTT CONNECT credentials: access token as user name, or MQTT basic credentials.
  virtual void by_mqtt_credentials(MqttCredentials credentials, IdentityDone done) = 0;
  // The PEM of the leaf certificate a TLS client presented.
  virtual void by_certificate(std::string pem, IdentityDone done) = 0;
};

// In the process that has the entity store: an access token DeviceAuth keeps is answered at
// once, everything else on a worker thread of its own.
class LocalDeviceAuthenticator final : public DeviceAuthenticator {
 public:
  // At most max_waiting lookups wait for the worker; more are refused (Unavailable).
  explicit LocalDeviceAuthenticator(const DeviceAuth& auth, std::size_t max_waiting = 10'000);

  void by_access_token(std::string_view token, IdentityDone done) override;
  void by_mqtt_credentials(MqttCredentials credentials, IdentityDone done) override;
  void by_certificate(std::string pem, IdentityDone done) override;

 private:
  void on_worker(std::function<Result<DeviceIdentity>()> lookup, IdentityDone done);

  const DeviceAuth& auth_;
  SerialExecutor worker_;
};

}  // namespace pacificsoft::auth
