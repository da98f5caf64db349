// LocalDeviceAuthenticator: DeviceAuth's kept answers at once, its store reads on the worker.
#include "auth/device_authenticator.h"

namespace pacificsoft::auth {

LocalDeviceAuthenticator::LocalDeviceAuthenticator(const DeviceAuth& auth, std::size_t max_waiting)
    : auth_(auth), worker_("device-auth", max_waiting) {}

void LocalDeviceAuthenticator::by_access_token(std::string_view token, IdentityDone done) {
  if (auto kept = auth_.kept_by_access_token(token)) {
    done(std::move(*kept));
    return;
  }
  on_worker([this, token = std::string(token)] { return auth_.by_access_token(token); },
            std::move(done));
}

void LocalDeviceAuthenticator::by_mqtt_credentials(MqttCredentials credentials, IdentityDone done) {
  on_worker(
      [this, credentials = std::move(credentials)] {
        return auth_.by_mqtt_credentials(credentials.client_id, credentials.user_name,
                                         credentials.password);
      },
      std::move(done));
}

void LocalDeviceAuthenticator::by_certificate(std::string pem, IdentityDone done) {
  on_worker([this, pem = std::move(pem)] { return auth_.by_certificate(pem); }, std::move(done));
}

void LocalDeviceAuthenticator::on_worker(std::function<Result<DeviceIdentity>()> lookup,
                                         IdentityDone done) {
  auto shared_done = std::make_shared<IdentityDone>(std::move(done));
  const bool queued =
      worker_.post([lookup = std::move(lookup), shared_done] { (*shared_done)(lookup()); });
  if (!queued) {
    (*shared_done)(Status(ErrorCode::kUnavailable, "too many device authentications waiting"));
  }
}

}  // namespace pacificsoft::auth
