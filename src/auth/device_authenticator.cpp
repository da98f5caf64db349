// LocalDeviceAuthenticator: DeviceAuth's answers, on the caller's thread.
#include "auth/device_authenticator.h"

namespace pacificsoft::auth {

void LocalDeviceAuthenticator::by_access_token(std::string_view token, IdentityDone done) {
  done(auth_.by_access_token(token));
}

void LocalDeviceAuthenticator::by_mqtt_credentials(MqttCredentials credentials, IdentityDone done) {
  done(auth_.by_mqtt_credentials(credentials.client_id, credentials.user_name,
                                 credentials.password));
}

void LocalDeviceAuthenticator::by_certificate(std::string pem, IdentityDone done) {
  done(auth_.by_certificate(pem));
}

}  // namespace pacificsoft::auth
