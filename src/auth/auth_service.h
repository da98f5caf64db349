// Users' passwords and tokens: login, refresh, activation and password change, and the
// per-request check of an access token. User records themselves are written by entities/.
#pragma once

#include <string>
#include <string_view>

#include "auth/jwt_codec.h"
#include "auth/password_hasher.h"
#include "auth/security_user.h"
#include "common/status.h"
#include "storage/entity_store.h"

namespace pacificsoft::auth {

// Thread-safe: holds no mutable state of its own.
class AuthService {
 public:
  AuthService(storage::EntityStore& store, const JwtCodec& jwt, const PasswordHasher& hasher);

  // Unauthenticated "Invalid username or password" for an unknown email or a wrong password;
  // "User account is not active" before activation.
  Result<TokenPair> login(std::string_view email, std::string_view password);
  Result<TokenPair> refresh(const std::string& refresh_token);
  Result<SecurityUser> authenticate(const std::string& access_token) const;

  // Creates the credentials of a new user in the current store transaction, inactive with a
  // fresh activation token; returns that token.
  Result<std::string> create_credentials(storage::EntityStore& store, const Uuid& user_id);
  // The pending activation token of a user; NotFound once the user is active.
  Result<std::string> activation_token(const Uuid& user_id);
  // Sets the password of an account and activates it; answers a token pair for it.
  Result<TokenPair> activate(std::string_view activate_token, std::string_view password);
  // Sets a password directly (used for the built-in accounts created at install).
  Status set_password(const Uuid& user_id, std::string_view password);
  Status change_password(const SecurityUser& user, std::string_view current_password,
                         std::string_view new_password);

 private:
  Result<SecurityUser> load_user(const Uuid& user_id);
  Result<storage::EntityRecord> load_credentials(const Uuid& user_id);
  Status store_password(storage::EntityRecord& credentials, std::string_view password);

  storage::EntityStore& store_;
  const JwtCodec& jwt_;
  const PasswordHasher& hasher_;
};

// The caller identity stored in a user record (see entities/user_kind.cpp for the layout).
Result<SecurityUser> security_user_from_record(const storage::EntityRecord& record);

}  // namespace pacificsoft::auth
