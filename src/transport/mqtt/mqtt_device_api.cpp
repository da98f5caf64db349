// CONNECT → device identity → device session, with the reference's CONNACK codes.
#include "transport/mqtt/mqtt_device_api.h"

#include "common/log.h"
#include "transport/mqtt/internal/device_session.h"
#include "transport/mqtt/internal/provision_session.h"

namespace pacificsoft::transport::mqtt {

namespace {

// The reference refuses every credential failure of a 3.1.1 client with "not authorised" (5);
// MQTT 5 clients learn which part was wrong.
Reason refusal(const Connect& connect, const Status& status) {
  if (status.code() != ErrorCode::kUnauthenticated) return Reason::kServerUnavailable;
  if (connect.version != ProtocolVersion::kV5) return Reason::kNotAuthorized;
  if (connect.username || connect.password) return Reason::kBadUserNameOrPassword;
  return connect.client_id.empty() ? Reason::kNotAuthorized : Reason::kClientIdentifierNotValid;
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
    : shared_(new detail::DeviceApiContext{services, options, {}}) {}

MqttDeviceApi::~MqttDeviceApi() = default;

void MqttDeviceApi::on_connect(const Connect& connect, const PeerInfo& peer,
                               std::shared_ptr<MqttPeer> connection, ConnectDone done) {
  if (connect.username == "provision" || connect.client_id == "provision") {
    done({Reason::kSuccess,
          std::make_shared<detail::ProvisionSession>(shared_->directory, std::move(connection))});
    return;
  }
  // What the answer needs of the CONNECT, as it may come after this returns.
  auto refusal_basis = std::make_shared<Connect>();
  refusal_basis->version = connect.version;
  refusal_basis->client_id = connect.client_id;
  refusal_basis->username = connect.username;
  refusal_basis->password = connect.password;
  authenticate(shared_->authenticator, connect, peer,
               [this, refusal_basis, address = peer.address, connection = std::move(connection),
                done = std::move(done)](const Result<auth::DeviceIdentity>& device) mutable {
                 done(open_session(device, *refusal_basis, address, std::move(connection)));
               });
}

ConnectOutcome MqttDeviceApi::open_session(const Result<auth::DeviceIdentity>& device,
                                           const Connect& connect, const std::string& address,
                                           std::shared_ptr<MqttPeer> connection) {
  if (!device) {
    spdlog::info("mqtt {}: CONNECT refused: {}", address, device.status().message());
    return {refusal(connect, device.status()), nullptr};
  }
  if (!shared_->limits.open_connection(device->tenant_id)) {
    spdlog::info("mqtt {}: CONNECT refused: tenant connection limit", address);
    return {Reason::kQuotaExceeded, nullptr};
  }
  if (auto previous = shared_->takeover.claim(device->device_id, connection)) {
    previous->disconnect(Reason::kSessionTakenOver);
  }
  shared_->backend.report_activity(*device, ActivityEvent::kConnected);
  auto session = std::make_shared<detail::DeviceSession>(*shared_, *device, std::move(connection));
  return {Reason::kSuccess, std::move(session)};
}

}  // namespace pacificsoft::transport::mqtt
