// Users' passwords and tokens: login, refresh, activation and password change, and the
// per-request check of an access token. User records themselves are written by entities/.
#pragma once

#include <string>
#include <string_view>

#include "auth/jwt_codec.h"
#include "auth/password_hasher.h"
#include "auth/security_user.h"
#include "auth/token_revocations.h"
#include "common/clock.h"
#include "common/status.h"
#include "storage/entity_store.h"

namespace pacificsoft::auth {

// Thread-safe: holds no mutable state of its own.
class AuthService {
 public:
  AuthService(storage::EntityStore& store, const JwtCodec& jwt, const PasswordHasher& hasher,
              const JwtOptions& jwt_options, const Clock& clock);

  // Unauthenticated "Invalid username or password" for an unknown email or a wrong password;
  // "User account is not active" before activation.
  Result<TokenPair> login(std::string_view email, std::string_view password);
  Result<TokenPair> refresh(const std::string& refresh_token);
  // The caller of a request: a valid token of a session not logged out, issued after the
  // user's last password change (TokenExpired otherwise, as the reference answers).
  Result<SecurityUser> authenticate(const std::string& access_token);
  // Ends the session of the token the user called with.
  void logout(const SecurityUser& user);

  // Creates the credentials of a new user in the current store transaction, inactive with a
  // fresh activation token; returns that token.
  Result<std::string> create_credentials(storage::EntityStore& store, const Uuid& user_id);
  // The pending activation token of a user; InvalidArgument once the user is active.
  Result<std::string> activation_token(const Uuid& user_id);
  // Sets the password of an account and activates it; answers a token pair for it.
  Result<TokenPair> activate(std::string_view activate_token, std::string_view password);
  // Sets a password directly (used for the built-in accounts created at install).
  Status set_password(const Uuid& user_id, std::string_view password);
  // Answers a fresh token pair: every earlier token of the user stops working.
  Result<TokenPair> change_password(const SecurityUser& user, std::string_view current_password,
                                    std::string_view new_password);

 private:
  Result<SecurityUser> load_user(const Uuid& user_id);
  Result<storage::EntityRecord> load_credentials(const Uuid& user_id);
  Status store_password(storage::EntityRecord& credentials, std::string_view password);
  Status check_not_revoked(const Uuid& user_id, const std::string& session_id,
                           std::int64_t issued_at_ms);

  storage::EntityStore& store_;
  const JwtCodec& jwt_;
  const PasswordHasher& hasher_;
  std::int64_t refresh_ttl_ms_;
  const Clock& clock_;
  TokenRevocations revocations_;
};

// The caller identity stored in a user record (see entities/user_kind.cpp for the layout).
Result<SecurityUser> security_user_from_record(const storage::EntityRecord& record);

}  // namespace pacificsoft::auth
