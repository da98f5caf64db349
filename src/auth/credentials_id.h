// How the reference keys device credentials (the credentialsId the transports look up):
// an access token is its own id; MQTT basic credentials and X.509 certificates are hashed.
#pragma once

#include <string>
#include <string_view>

namespace pacificsoft::auth {

std::string sha3_256_hex(std::string_view text);

// clientId only → sha3(clientId); userName only → userName; both → sha3(clientId + "|" + userName).
std::string mqtt_basic_credentials_id(std::string_view client_id, std::string_view user_name);

// sha3 of the certificate's base64 body: PEM without its BEGIN/END lines and line breaks.
std::string certificate_credentials_id(std::string_view pem);

}  // namespace pacificsoft::auth
