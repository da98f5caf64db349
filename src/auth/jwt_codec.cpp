// JWT encoding and verification with libjwt; claims are handled as Boost.JSON objects.
#include "auth/jwt_codec.h"

#include <jwt.h>

#include <cstdlib>
#include <memory>

#include "common/json.h"

namespace pacificsoft::auth {
namespace {

constexpr std::string_view kRefreshScope = "REFRESH_TOKEN";

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct FreeDeleter {
  void operator()(char* text) const { std::free(text); }
};
using JwtString = std::unique_ptr<char, FreeDeleter>;

Status bad_token() { return {ErrorCode::kUnauthenticated, "Authentication failed"}; }

std::optional<Uuid> uuid_claim(const boost::json::object& claims, std::string_view name) {
  auto text = json::get_string(claims, name);
  return text ? Uuid::parse(*text) : std::nullopt;
}

std::optional<std::string_view> single_scope(const boost::json::object& claims) {
  const auto* scopes = claims.if_contains("scopes");
  if (scopes == nullptr || !scopes->is_array() || scopes->as_array().size() != 1) {
    return std::nullopt;
  }
  const auto& scope = scopes->as_array()[0];
  if (!scope.is_string()) return std::nullopt;
  return std::string_view(scope.get_string());
}

}  // namespace

JwtCodec::JwtCodec(JwtOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

Result<TokenPair> JwtCodec::issue(const SecurityUser& user, const std::string& session) const {
  std::int64_t now_ms = clock_.now_ms();
  std::int64_t now_s = now_ms / 1000;
  std::string session_id = session.empty() ? Uuid::random().to_string() : session;
  boost::json::object access{
      {"sub", user.email},
      {"scopes", boost::json::array{model::authority_name(user.authority)}},
      {"userId", user.user_id.to_string()},
      {"firstName", user.first_name},
      {"lastName", user.last_name},
      {"enabled", user.enabled},
      {"isPublic", false},
      {"tenantId", (user.tenant_id.is_null() ? Uuid::null_id() : user.tenant_id).to_string()},
      {"customerId", (user.customer_id.is_null() ? Uuid::null_id() : user.customer_id).to_string()},
      {"sessionId", session_id},
      // `iat` has whole seconds; revocations need to order events within one.
      {"iatMs", now_ms},
      {"iss", options_.issuer},
      {"iat", now_s},
      {"exp", now_s + options_.access_ttl_s},
  };
  boost::json::object refresh{
      {"sub", user.email},
      {"scopes", boost::json::array{kRefreshScope}},
      {"userId", user.user_id.to_string()},
      {"isPublic", false},
      {"sessionId", session_id},
      {"iatMs", now_ms},
      {"jti", Uuid::random().to_string()},
      {"iss", options_.issuer},
      {"iat", now_s},
      {"exp", now_s + options_.refresh_ttl_s},
  };
  auto token = sign(access);
  if (!token) return token.status();
  auto refresh_token = sign(refresh);
  if (!refresh_token) return refresh_token.status();
  return TokenPair{std::move(*token), std::move(*refresh_token)};
}

Result<SecurityUser> JwtCodec::verify_access(const std::string& token) const {
  auto claims = decode(token);
  if (!claims) return claims.status();
  auto scope = single_scope(*claims);
  auto authority = scope ? model::parse_authority(*scope) : std::nullopt;
  auto user_id = uuid_claim(*claims, "userId");
  auto email = json::get_string(*claims, "sub");
  if (!authority || !user_id || !email) return bad_token();
  SecurityUser user;
  user.user_id = *user_id;
  user.email = std::string(*email);
  user.authority = *authority;
  user.tenant_id = uuid_claim(*claims, "tenantId").value_or(Uuid());
  user.customer_id = uuid_claim(*claims, "customerId").value_or(Uuid());
  if (user.tenant_id.is_null()) user.tenant_id = Uuid();
  if (user.customer_id.is_null()) user.customer_id = Uuid();
  user.first_name = std::string(json::get_string(*claims, "firstName").value_or(""));
  user.last_name = std::string(json::get_string(*claims, "lastName").value_or(""));
  user.enabled = json::get_bool(*claims, "enabled").value_or(true);
  user.session_id = std::string(json::get_string(*claims, "sessionId").value_or(""));
  user.issued_at_ms = json::get_int(*claims, "iatMs").value_or(0);
  return user;
}

Result<RefreshClaims> JwtCodec::verify_refresh(const std::string& token) const {
  auto claims = decode(token);
  if (!claims) return claims.status();
  auto scope = single_scope(*claims);
  auto user_id = uuid_claim(*claims, "userId");
  if (!scope || *scope != kRefreshScope || !user_id) return bad_token();
  return RefreshClaims{*user_id, std::string(json::get_string(*claims, "sessionId").value_or("")),
                       json::get_int(*claims, "iatMs").value_or(0)};
}

Result<std::string> JwtCodec::sign(const boost::json::object& claims) const {
  jwt_t* raw = nullptr;
  // An allocation failure is the only way this call fails.
  if (jwt_new(&raw) != 0) std::abort();
  JwtPtr jwt(raw);
  // The claims carry the user's names and email: libjwt's JSON parser refuses some strings
  // Boost.JSON writes (a NUL character), so this is an error of the data, not of the process.
  if (jwt_add_grants_json(jwt.get(), json::serialize(claims).c_str()) != 0) {
    return internal_error("the user's claims cannot be put in a token");
  }
  const auto* key = reinterpret_cast<const unsigned char*>(options_.signing_key.data());
  if (jwt_set_alg(jwt.get(), JWT_ALG_HS512, key, static_cast<int>(options_.signing_key.size())) !=
      0) {
    return internal_error("the token signing key is refused");
  }
  JwtString encoded(jwt_encode_str(jwt.get()));
  if (!encoded) return internal_error("the token could not be encoded");
  return std::string(encoded.get());
}

Result<boost::json::object> JwtCodec::decode(const std::string& token) const {
  jwt_t* raw = nullptr;
  const auto* key = reinterpret_cast<const unsigned char*>(options_.signing_key.data());
  if (jwt_decode(&raw, token.c_str(), key, static_cast<int>(options_.signing_key.size())) != 0) {
    return bad_token();
  }
  JwtPtr jwt(raw);
  // Only our own algorithm: refuses "none" and algorithm-confusion tokens.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS512) return bad_token();
  JwtString grants(jwt_get_grants_json(jwt.get(), nullptr));
  if (!grants) return bad_token();
  auto claims = json::parse_object(grants.get());
  if (!claims) return bad_token();
  if (json::get_string(*claims, "iss") != std::optional<std::string_view>(options_.issuer)) {
    return bad_token();
  }
  auto expires_s = json::get_int(*claims, "exp");
  if (!expires_s) return bad_token();
  if (*expires_s * 1000 <= clock_.now_ms()) {
    return Status(ErrorCode::kTokenExpired, "Token has expired");
  }
  return std::move(*claims);
}

}  // namespace pacificsoft::auth
