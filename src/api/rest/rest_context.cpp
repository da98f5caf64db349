// Authentication of REST requests, typed request reads and response helpers.
#include "api/rest/rest_context.h"

#include <charconv>

#include "api/rest/error_body.h"
#include "common/log.h"

namespace pacificsoft::api {
namespace {

constexpr int kMaxPageSize = 100000;

Status bad_param(std::string message) { return {ErrorCode::kBadRequestParams, std::move(message)}; }

std::optional<std::string> bearer_token(const net::HttpRequest& request) {
  for (std::string_view name : {"x-authorization", "authorization"}) {
    auto value = request.header(name);
    if (!value) continue;
    constexpr std::string_view kBearer = "Bearer ";
    if (value->substr(0, kBearer.size()) == kBearer) {
      return std::string(value->substr(kBearer.size()));
    }
  }
  return std::nullopt;
}

Result<int> int_param(const net::HttpRequest& request, std::string_view name,
                      std::optional<int> fallback) {
  auto text = request.query_param(name);
  if (!text) {
    if (fallback) return *fallback;
    return bad_param("Required request parameter '" + std::string(name) + "' is not present");
  }
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    return bad_param("Parameter '" + std::string(name) + "' must be a number");
  }
  return value;
}

std::optional<storage::SortField> sort_field(std::string_view property) {
  using storage::SortField;
  if (property == "createdTime") return SortField::kCreatedTime;
  if (property == "name" || property == "title" || property == "email") return SortField::kName;
  if (property == "type" || property == "authority") return SortField::kType;
  if (property == "label") return SortField::kLabel;
  if (property == "id") return SortField::kId;
  return std::nullopt;
}

bool is_allowed(Allowed allowed, model::Authority authority) {
  unsigned bit = 1u << static_cast<unsigned>(authority);
  return (static_cast<unsigned>(allowed) & bit) != 0;
}

// Runs a handler and turns its result, error or escaped exception into the reply.
void answer(RestServices& services, const net::Reply& reply,
            const std::function<Result<net::HttpResponse>()>& run) {
  try {
    auto response = run();
    reply(response ? std::move(*response)
                   : error_response(response.status(), services.clock.now_ms()));
  } catch (const std::exception& e) {
    // Handlers return errors as values; an exception here is a bug, answered as one.
    reply(error_response(internal_error(e.what()), services.clock.now_ms()));
  }
}

}  // namespace

Result<Uuid> RestRequest::path_id(std::string_view name) const {
  auto text = params.get(name);
  auto id = Uuid::parse(text);
  if (!id) return bad_param("Invalid UUID string: " + std::string(text));
  return *id;
}

Result<bj::object> RestRequest::json_body() const {
  auto body = json::parse_object(http.body);
  if (!body) return bad_param(body.status().message());
  return body;
}

Result<entities::PageLink> RestRequest::page_link() const {
  entities::PageLink link;
  auto size = int_param(http, "pageSize", std::nullopt);
  if (!size) return size.status();
  auto page = int_param(http, "page", 0);
  if (!page) return page.status();
  if (*size < 1 || *size > kMaxPageSize) return bad_param("Page size must be between 1 and 100000");
  if (*page < 0) return bad_param("Page must be non-negative");
  link.page_size = *size;
  link.page = *page;
  link.text_search = std::string(http.query_param("textSearch").value_or(""));
  if (auto property = http.query_param("sortProperty"); property && !property->empty()) {
    auto field = sort_field(*property);
    if (!field) return bad_param("Invalid sort property: " + std::string(*property));
    link.sort = *field;
  }
  if (auto order = http.query_param("sortOrder"); order && !order->empty()) {
    if (*order != "ASC" && *order != "DESC") {
      return bad_param("Only 'ASC' or 'DESC' types are allowed");
    }
    link.descending = *order == "DESC";
  }
  return link;
}

std::optional<std::string> RestRequest::query(std::string_view name) const {
  auto value = http.query_param(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

namespace {

Result<auth::SecurityUser> authenticate(RestServices& services, const net::HttpRequest& request,
                                        Allowed allowed) {
  auto token = bearer_token(request);
  if (!token) return Status(ErrorCode::kUnauthenticated, "Authentication failed");
  auto user = services.auth.authenticate(*token);
  if (!user) return user.status();
  if (!is_allowed(allowed, user->authority)) return entities::permission_denied();
  return user;
}

}  // namespace

net::Handler authenticated(RestServices& services, RestHandler handler, Allowed allowed) {
  return
      [&services, handler = std::move(handler), allowed](
          const net::HttpRequest& request, const net::PathParams& params, const net::Reply& reply) {
        answer(services, reply, [&]() -> Result<net::HttpResponse> {
          auto user = authenticate(services, request, allowed);
          if (!user) return user.status();
          return handler(RestRequest{request, params, *user});
        });
      };
}

net::Handler authenticated_async(RestServices& services, AsyncRestHandler handler,
                                 Allowed allowed) {
  return
      [&services, handler = std::move(handler), allowed](
          const net::HttpRequest& request, const net::PathParams& params, const net::Reply& reply) {
        auto user = authenticate(services, request, allowed);
        if (!user) {
          reply(error_reply(services, user.status()));
          return;
        }
        handler(RestRequest{request, params, *user}, reply);
      };
}

net::HttpResponse error_reply(RestServices& services, const Status& status) {
  return error_response(status, services.clock.now_ms());
}

net::Handler unauthenticated(RestServices& services, PublicHandler handler) {
  return [&services, handler = std::move(handler)](
             const net::HttpRequest& request, const net::PathParams&, const net::Reply& reply) {
    answer(services, reply, [&] { return handler(request); });
  };
}

net::HttpResponse json_response(const bj::value& body) {
  return net::HttpResponse::json(200, json::serialize(body));
}

net::HttpResponse ok_empty() { return net::HttpResponse::empty(200); }

Result<net::HttpResponse> page_response(const Result<entities::EntityPage>& page) {
  if (!page) return page.status();
  return json_response(page->to_json());
}

Result<net::HttpResponse> object_response(const Result<bj::object>& object) {
  if (!object) return object.status();
  return json_response(*object);
}

Result<net::HttpResponse> status_response(const Status& status) {
  if (!status) return status;
  return ok_empty();
}

Result<model::EntityId> entity_id_param(const net::HttpRequest& request, std::string_view type_name,
                                        std::string_view id_name) {
  auto type_text = request.query_param(type_name);
  auto id_text = request.query_param(id_name);
  if (!type_text || !id_text) {
    return bad_param("Parameters '" + std::string(type_name) + "' and '" + std::string(id_name) +
                     "' are required");
  }
  auto type = model::parse_entity_type(*type_text);
  if (!type) return bad_param("Invalid entity type: " + std::string(*type_text));
  auto id = Uuid::parse(*id_text);
  if (!id) return bad_param("Invalid UUID string: " + std::string(*id_text));
  return model::EntityId{*type, *id};
}

}  // namespace pacificsoft::api
