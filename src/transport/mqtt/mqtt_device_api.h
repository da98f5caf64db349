// The device API over MQTT: authenticates a CONNECT (access token as user name, MQTT basic
// credentials, X.509 client certificate; "provision" opens a provisioning session), keeps one
// session per device (a new connection of a device takes over), and gives each connection a
// device session that maps topics to the DeviceBackend and the RPC router.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "transport/device_services.h"
#include "transport/mqtt/mqtt_session.h"

namespace pacificsoft::transport::mqtt {

namespace detail {
struct DeviceApiContext;
}

// What a refusal's reason code depends on, of a CONNECT.
struct ConnectShape {
  bool v5 = false;
  bool named = false;  // a user name or a password
  bool has_client_id = false;
};

struct MqttDeviceOptions {
  std::uint32_t max_payload_size = 65536;  // reported by getSessionLimits
  std::uint16_t max_inflight = 100;        // likewise
};

// Thread-safe. The arguments outlive it.
class MqttDeviceApi final : public MqttConnectHandler {
 public:
  MqttDeviceApi(const DeviceServices& services, MqttDeviceOptions options);
  ~MqttDeviceApi() override;

  void on_connect(const Connect& connect, const PeerInfo& peer,
                  std::shared_ptr<MqttPeer> connection, ConnectDone done) override;

 private:
  // Once the credentials were looked up, on whichever thread answered.
  ConnectOutcome open_session(const Result<auth::DeviceIdentity>& device,
                              const ConnectShape& connect, const std::string& address,
                              std::shared_ptr<MqttPeer> connection);

  std::unique_ptr<detail::DeviceApiContext> shared_;
};

}  // namespace pacificsoft::transport::mqtt
