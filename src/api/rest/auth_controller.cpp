// /api/auth/* and user activation: login, refresh, current user, logout, password change.
#include <cctype>

#include "api/rest/controllers.h"

namespace pacificsoft::api {
namespace {

using net::Method;

Result<net::HttpResponse> token_pair_response(const Result<auth::TokenPair>& pair) {
  if (!pair) return pair.status();
  return json_response(bj::object{{"token", pair->token}, {"refreshToken", pair->refresh_token}});
}

Result<bj::object> body_of(const net::HttpRequest& request) {
  auto body = json::parse_object(request.body);
  if (!body) return Status(ErrorCode::kBadRequestParams, body.status().message());
  return body;
}

// Percent-encodes everything but unreserved characters, for a value placed in a URL.
std::string url_encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return encoded;
}

// The base URL clients reached us on, for links we hand out.
std::string base_url(const net::HttpRequest& request) {
  auto host = request.header("host").value_or("localhost");
  auto scheme = request.header("x-forwarded-proto").value_or("http");
  return std::string(scheme) + "://" + std::string(host);
}

}  // namespace

void register_auth_routes(net::Router& router, RestServices& services) {
  router.add(Method::kPost, "/api/auth/login",
             unauthenticated(services, [&services](const net::HttpRequest& request) {
               auto body = body_of(request);
               if (!body) return Result<net::HttpResponse>(body.status());
               auto username = json::get_string(*body, "username");
               auto password = json::get_string(*body, "password");
               if (!username || !password) {
                 return Result<net::HttpResponse>(
                     Status(ErrorCode::kUnauthenticated, "Invalid username or password"));
               }
               return token_pair_response(services.auth.login(*username, *password));
             }));
  router.add(Method::kPost, "/api/auth/token",
             unauthenticated(services, [&services](const net::HttpRequest& request) {
               auto body = body_of(request);
               if (!body) return Result<net::HttpResponse>(body.status());
               auto token = json::get_string(*body, "refreshToken");
               if (!token) {
                 return Result<net::HttpResponse>(
                     Status(ErrorCode::kUnauthenticated, "Refresh token is missing"));
               }
               return token_pair_response(services.auth.refresh(std::string(*token)));
             }));
  router.add(Method::kGet, "/api/auth/user",
             authenticated(services, [&services](const RestRequest& request) {
               return object_response(services.entities.get(
                   request.user, storage::RecordKind::kUser, request.user.user_id));
             }));
  router.add(Method::kPost, "/api/auth/logout",
             authenticated(services, [&services](const RestRequest& request) {
               services.auth.logout(request.user);
               return Result<net::HttpResponse>(ok_empty());
             }));
  router.add(
      Method::kPost, "/api/auth/changePassword",
      authenticated(services, [&services](const RestRequest& request) {
        auto body = request.json_body();
        if (!body) return Result<net::HttpResponse>(body.status());
        auto current = json::get_string(*body, "currentPassword").value_or("");
        auto next = json::get_string(*body, "newPassword").value_or("");
        return token_pair_response(services.auth.change_password(request.user, current, next));
      }));
  router.add(Method::kGet, "/api/user/{id}/activationLink",
             authenticated(services, [&services](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               auto user = services.entities.get_record_for_write(request.user,
                                                                  storage::RecordKind::kUser, *id);
               if (!user) return Result<net::HttpResponse>(user.status());
               auto token = services.auth.activation_token(*id);
               if (!token) return Result<net::HttpResponse>(token.status());
               return Result<net::HttpResponse>(net::HttpResponse::text(
                   200, base_url(request.http) + "/api/noauth/activate?activateToken=" + *token));
             }));
  // The link handed out for activation opens the web UI's set-password page.
  router.add(Method::kGet, "/api/noauth/activate",
             unauthenticated(services, [](const net::HttpRequest& request) {
               auto token = request.query_param("activateToken").value_or("");
               net::HttpResponse redirect = net::HttpResponse::empty(302);
               redirect.headers.emplace_back("Location",
                                             "/activate?activateToken=" + url_encoded(token));
               return Result<net::HttpResponse>(std::move(redirect));
             }));
  router.add(Method::kPost, "/api/noauth/activate",
             unauthenticated(services, [&services](const net::HttpRequest& request) {
               auto body = body_of(request);
               if (!body) return Result<net::HttpResponse>(body.status());
               auto token = json::get_string(*body, "activateToken").value_or("");
               auto password = json::get_string(*body, "password").value_or("");
               return token_pair_response(services.auth.activate(token, password));
             }));
}

}  // namespace pacificsoft::api
