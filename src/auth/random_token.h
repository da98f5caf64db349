// Unguessable tokens (device access tokens, activation tokens, signing keys) from OpenSSL's CSPRNG.
#pragma once

#include <cstddef>
#include <string>

namespace pacificsoft::auth {

// `length` characters from [A-Za-z0-9].
std::string random_token(std::size_t length);

}  // namespace pacificsoft::auth
