// Issues and verifies the REST API's JWTs (HS512) with the reference platform's claims, so
// tools that decode them (the reference UI, SDKs) find what they expect.
#pragma once

#include <cstdint>
#include <string>

#include "auth/security_user.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"

namespace pacificsoft::auth {

struct JwtOptions {
  std::string signing_key;                // HMAC key; never empty
  std::string issuer = "pacificsoft.io";  // the `iss` claim
  std::int64_t access_ttl_s = 9000;       // access token lifetime
  std::int64_t refresh_ttl_s = 604800;    // refresh token lifetime
};

struct TokenPair {
  std::string token;
  std::string refresh_token;
};

// What a refresh token names.
struct RefreshClaims {
  Uuid user_id;
  std::string session_id;
  std::int64_t issued_at_ms = 0;
};

// Stateless and thread-safe.
class JwtCodec {
 public:
  JwtCodec(JwtOptions options, const Clock& clock);

  // A token pair for a user; a new session unless `session_id` continues one (a refresh).
  // Internal when the user's names or email cannot be put in a token (libjwt refuses them).
  Result<TokenPair> issue(const SecurityUser& user, const std::string& session_id = {}) const;
  // The caller of a request. Unauthenticated for a bad signature, issuer or shape;
  // TokenExpired past `exp`. Refresh tokens are refused here.
  Result<SecurityUser> verify_access(const std::string& token) const;
  // Who a refresh token was issued for; same errors as verify_access.
  Result<RefreshClaims> verify_refresh(const std::string& token) const;

 private:
  Result<std::string> sign(const boost::json::object& claims) const;
  Result<boost::json::object> decode(const std::string& token) const;

  JwtOptions options_;
  const Clock& clock_;
};

}  // namespace pacificsoft::auth
