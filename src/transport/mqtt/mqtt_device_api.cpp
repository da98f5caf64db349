// CONNECT → device identity → device session, with the reference's CONNACK codes.
#include "transport/mqtt/mqtt_device_api.h"

#include "common/log.h"
#include "transport/mqtt/internal/device_session.h"
#include "transport/mqtt/internal/provision_session.h"

namespace pacificsoft::transport::mqtt {

namespace {

// The reference refuses every credential failure of a 3.1.1 client with "not authorised" (5);
// MQTT 5 clients learn which part was wrong.
Reason refusal(const ConnectShape& connect, const Status& status) {
  if (status.code() != ErrorCode::kUnauthenticated) return Reason::kServerUnavailable;
  if (!connect.v5) return Reason::kNotAuthorized;
  if (connect.named) return Reason::kBadUserNameOrPassword;
  return connect.has_client_id ? Reason::kClientIdentifierNotValid : Reason::kNotAuthorized;
}

// The reference's order: a client certificate on the TLS port decides; otherwise the CONNECT's
// names (an access token as user name, or MQTT basic credentials).
void authenticate(auth::DeviceAuthenticator& authenticator, const Connect& connect,
                  const PeerInfo& peer, auth::IdentityDone done) {
  if (peer.tls && !peer.client_certificate_pem.empty()) {
    authenticator.by_certificate(peer.client_certificate_pem, std::move(done));
    return;
  }
  authenticator.by_mqtt_credentials(
      {connect.client_id, connect.username.value_or(""), connect.password.value_or("")},
      std::move(done));
}

}  // namespace

MqttDeviceApi::MqttDeviceApi(const DeviceServices& services, MqttDeviceOptions options)
    : shared_(new detail::DeviceApiContext{services, options}) {}

MqttDeviceApi::~MqttDeviceApi() = default;

void MqttDeviceApi::on_connect(const Connect& connect, const PeerInfo& peer,
                               std::shared_ptr<MqttPeer> connection, ConnectDone done) {
  if (connect.username == "provision" || connect.client_id == "provision") {
    done([this, connection = std::move(connection)]() mutable {
      return ConnectOutcome{Reason::kSuccess, std::make_shared<detail::ProvisionSession>(
                                                  shared_->directory, std::move(connection))};
    });
    return;
  }
  const ConnectShape shape{connect.version == ProtocolVersion::kV5,
                           connect.username.has_value() || connect.password.has_value(),
                           !connect.client_id.empty()};
  authenticate(shared_->authenticator, connect, peer,
               [this, shape, address = peer.address, connection = std::move(connection),
                done = std::move(done)](Result<auth::DeviceIdentity> device) mutable {
                 done([this, device = std::move(device), shape, address,
                       connection = std::move(connection)]() mutable {
                   return open_session(device, shape, address, std::move(connection));
                 });
               });
}

ConnectOutcome MqttDeviceApi::open_session(const Result<auth::DeviceIdentity>& device,
                                           const ConnectShape& connect, const std::string& address,
                                           std::shared_ptr<MqttPeer> connection) {
  if (!device) {
    spdlog::info("mqtt {}: CONNECT refused: {}", address, device.status().message());
    return {refusal(connect, device.status()), nullptr};
  }
  if (!shared_->limits.open_connection(device->tenant_id)) {
    spdlog::info("mqtt {}: CONNECT refused: tenant connection limit", address);
    return {Reason::kQuotaExceeded, nullptr};
  }
  auto session = std::make_shared<detail::DeviceSession>(*shared_, *device, std::move(connection));
  shared_->sessions.claim(device->device_id, session);
  shared_->backend.report_activity(*device, ActivityEvent::kConnected);
  return {Reason::kSuccess, std::move(session)};
}

}  // namespace pacificsoft::transport::mqtt
