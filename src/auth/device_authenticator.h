// How transports learn whose credentials a device presents: by callback, so a transport works
// the same whether the answer is at hand (the local store, here) or comes later from another
// thread (the core over the network, when transports run as their own processes).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "auth/device_auth.h"

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

// In the process that has the entity store: DeviceAuth's answer, before the call returns. A
// kept access token costs no store read, anything else one index probe on the credentials id
// (microseconds). Handing misses to a worker thread was measured: with 5000 devices connecting
// at once it left 1.5 KB more per idle connection (their CONNECTs' transient state all alive at
// once, and the worker's allocator arena), against no measurable gain on a local store.
class LocalDeviceAuthenticator final : public DeviceAuthenticator {
 public:
  explicit LocalDeviceAuthenticator(const DeviceAuth& auth) : auth_(auth) {}

  void by_access_token(std::string_view token, IdentityDone done) override;
  void by_mqtt_credentials(MqttCredentials credentials, IdentityDone done) override;
  void by_certificate(std::string pem, IdentityDone done) override;

 private:
  const DeviceAuth& auth_;
};

}  // namespace pacificsoft::auth
