// Login, refresh, activation and password changes over user and user-credentials records.
#include "auth/auth_service.h"

#include "auth/random_token.h"
#include "common/json.h"
#include "common/text.h"

namespace pacificsoft::auth {
namespace {

using storage::EntityRecord;
using storage::RecordKind;

constexpr std::size_t kActivationTokenLength = 30;
constexpr std::size_t kMinPasswordLength = 6;

Status bad_login() { return {ErrorCode::kUnauthenticated, "Invalid username or password"}; }

// Credentials body: {"enabled": bool, "password": "<bcrypt>" | null}; the activation token
// is the record's unique_key2 while the account is not active.
bool credentials_enabled(const EntityRecord& credentials) {
  auto body = json::parse_object(credentials.body);
  return body && json::get_bool(*body, "enabled").value_or(false);
}

std::string credentials_password(const EntityRecord& credentials) {
  auto body = json::parse_object(credentials.body);
  if (!body) return {};
  return std::string(json::get_string(*body, "password").value_or(""));
}

}  // namespace

Result<SecurityUser> security_user_from_record(const EntityRecord& record) {
  auto body = json::parse_object(record.body);
  auto authority = model::parse_authority(record.type);
  if (!body || !authority) return internal_error("user record " + record.id.to_string());
  SecurityUser user;
  user.user_id = record.id;
  user.email = record.name;
  user.authority = *authority;
  user.tenant_id = record.tenant_id;
  user.customer_id = record.customer_id;
  user.first_name = std::string(json::get_string(*body, "firstName").value_or(""));
  user.last_name = std::string(json::get_string(*body, "lastName").value_or(""));
  return user;
}

AuthService::AuthService(storage::EntityStore& store, const JwtCodec& jwt,
                         const PasswordHasher& hasher, const JwtOptions& jwt_options,
                         const Clock& clock)
    : store_(store),
      jwt_(jwt),
      hasher_(hasher),
      refresh_ttl_ms_(jwt_options.refresh_ttl_s * 1000),
      clock_(clock) {}

Result<TokenPair> AuthService::login(std::string_view email, std::string_view password) {
  auto record = store_.find_by_unique_key(RecordKind::kUser, lower_ascii(email));
  if (!record) return record.status();
  if (!record->has_value()) return bad_login();
  auto credentials = load_credentials((*record)->id);
  if (!credentials) return bad_login();
  if (!hasher_.verify(password, credentials_password(*credentials))) return bad_login();
  if (!credentials_enabled(*credentials)) {
    return Status(ErrorCode::kUnauthenticated, "User account is not active");
  }
  auto user = security_user_from_record(**record);
  if (!user) return user.status();
  return jwt_.issue(*user);
}

Result<TokenPair> AuthService::refresh(const std::string& refresh_token) {
  auto claims = jwt_.verify_refresh(refresh_token);
  if (!claims) return claims.status();
  PS_RETURN_IF_ERROR(check_not_revoked(claims->user_id, claims->session_id, claims->issued_at_ms));
  auto credentials = load_credentials(claims->user_id);
  if (!credentials || !credentials_enabled(*credentials)) {
    return Status(ErrorCode::kUnauthenticated, "User account is not active");
  }
  auto user = load_user(claims->user_id);
  if (!user) return Status(ErrorCode::kUnauthenticated, "Authentication failed");
  return jwt_.issue(*user, claims->session_id);
}

Result<SecurityUser> AuthService::authenticate(const std::string& access_token) {
  auto user = jwt_.verify_access(access_token);
  if (!user) return user.status();
  PS_RETURN_IF_ERROR(check_not_revoked(user->user_id, user->session_id, user->issued_at_ms));
  return user;
}

void AuthService::logout(const SecurityUser& user) {
  std::int64_t now = clock_.now_ms();
  revocations_.end_session(user.session_id, now + refresh_ttl_ms_, now);
}

Status AuthService::check_not_revoked(const Uuid& user_id, const std::string& session_id,
                                      std::int64_t issued_at_ms) {
  if (revocations_.is_session_ended(session_id)) {
    return Status(ErrorCode::kTokenExpired, "Token has expired");
  }
  auto valid_from = revocations_.valid_from(user_id);
  if (!valid_from) {
    // First sight of this user since start: its last password change is in its credentials.
    auto credentials = load_credentials(user_id);
    if (!credentials) return Status(ErrorCode::kUnauthenticated, "Authentication failed");
    auto body = json::parse_object(credentials->body);
    valid_from = body ? json::get_int(*body, "validFromMs").value_or(0) : 0;
    revocations_.set_valid_from(user_id, *valid_from);
  }
  if (issued_at_ms < *valid_from) return Status(ErrorCode::kTokenExpired, "Token has expired");
  return Status::ok();
}

Result<std::string> AuthService::create_credentials(storage::EntityStore& store,
                                                    const Uuid& user_id) {
  std::string token = random_token(kActivationTokenLength);
  EntityRecord credentials;
  credentials.kind = RecordKind::kUserCredentials;
  credentials.id = Uuid::random();
  credentials.parent_id = user_id;
  credentials.unique_key = user_id.to_string();
  credentials.unique_key2 = token;
  credentials.body = R"({"enabled":false,"password":null})";
  PS_RETURN_IF_ERROR(store.insert(credentials));
  return token;
}

Result<std::string> AuthService::activation_token(const Uuid& user_id) {
  auto credentials = load_credentials(user_id);
  if (!credentials) return credentials.status();
  if (!credentials->unique_key2) return invalid_argument("User is already activated!");
  return *credentials->unique_key2;
}

Result<TokenPair> AuthService::activate(std::string_view activate_token,
                                        std::string_view password) {
  auto record = store_.find_by_unique_key2(RecordKind::kUserCredentials, activate_token);
  if (!record) return record.status();
  if (!record->has_value()) return not_found("Unable to find user credentials by activateToken");
  EntityRecord credentials = **record;
  PS_RETURN_IF_ERROR(store_password(credentials, password));
  auto user = load_user(credentials.parent_id);
  if (!user) return user.status();
  return jwt_.issue(*user);
}

Status AuthService::set_password(const Uuid& user_id, std::string_view password) {
  auto credentials = load_credentials(user_id);
  if (!credentials) return credentials.status();
  return store_password(*credentials, password);
}

Result<TokenPair> AuthService::change_password(const SecurityUser& user,
                                               std::string_view current_password,
                                               std::string_view new_password) {
  auto credentials = load_credentials(user.user_id);
  if (!credentials) return credentials.status();
  if (!hasher_.verify(current_password, credentials_password(*credentials))) {
    return invalid_argument("Current password doesn't match!");
  }
  if (current_password == new_password) {
    return invalid_argument("New password should be different from existing!");
  }
  PS_RETURN_IF_ERROR(store_password(*credentials, new_password));
  // Every token issued before now stops working, the caller's included: it gets a new pair.
  revocations_.set_valid_from(user.user_id, clock_.now_ms());
  auto current = load_user(user.user_id);
  if (!current) return current.status();
  return jwt_.issue(*current);
}

Result<SecurityUser> AuthService::load_user(const Uuid& user_id) {
  auto record = store_.get(RecordKind::kUser, user_id);
  if (!record) return record.status();
  if (!record->has_value()) return not_found("User not found");
  return security_user_from_record(**record);
}

Result<EntityRecord> AuthService::load_credentials(const Uuid& user_id) {
  auto record = store_.find_by_unique_key(RecordKind::kUserCredentials, user_id.to_string());
  if (!record) return record.status();
  if (!record->has_value()) return not_found("User credentials not found");
  return std::move(**record);
}

Status AuthService::store_password(EntityRecord& credentials, std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return invalid_argument("Password must be at least 6 characters long");
  }
  auto hash = hasher_.hash(password);
  if (!hash) return hash.status();
  boost::json::object body{
      {"enabled", true}, {"password", *hash}, {"validFromMs", clock_.now_ms()}};
  credentials.body = json::serialize(body);
  credentials.unique_key2.reset();
  return store_.update(credentials);
}

}  // namespace pacificsoft::auth
