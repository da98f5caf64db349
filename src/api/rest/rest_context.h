// What every REST controller needs: the services, the authentication of a request, and typed
// reads of its path, query and body that answer the reference's 400s on bad input.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_service.h"
#include "common/clock.h"
#include "common/json.h"
#include "entities/device_credentials.h"
#include "entities/entity_service.h"
#include "entities/relation_service.h"
#include "net/router.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::api {

namespace bj = boost::json;

// The services behind the REST API; owned by app/, outliving the router.
struct RestServices {
  auth::AuthService& auth;
  entities::EntityService& entities;
  entities::DeviceCredentialsService& credentials;
  entities::RelationService& relations;
  telemetry::TelemetryService& telemetry;
  const Clock& clock;
};

// One authenticated request.
struct RestRequest {
  const net::HttpRequest& http;
  const net::PathParams& params;
  const auth::SecurityUser& user;

  // A uuid path segment; BadRequestParams when malformed.
  Result<Uuid> path_id(std::string_view name) const;
  Result<bj::object> json_body() const;
  // pageSize (required), page, textSearch, sortProperty, sortOrder.
  Result<entities::PageLink> page_link() const;
  std::optional<std::string> query(std::string_view name) const;
};

using RestHandler = std::function<Result<net::HttpResponse>(const RestRequest&)>;

// The authorities an endpoint serves, as the reference's @PreAuthorize lists them.
enum class Allowed : unsigned {
  kSysAdmin = 1,
  kTenantAdmin = 2,
  kCustomerUser = 4,
  kTenantUsers = 2 | 4,
  kAny = 1 | 2 | 4,
};
using PublicHandler = std::function<Result<net::HttpResponse>(const net::HttpRequest&)>;

// Wraps a handler with authentication (401 without a valid token), the authority check (403)
// and error mapping.
net::Handler authenticated(RestServices& services, RestHandler handler,
                           Allowed allowed = Allowed::kAny);
// Error mapping only, for /api/auth/login and the other endpoints without a token.
net::Handler unauthenticated(RestServices& services, PublicHandler handler);

net::HttpResponse json_response(const bj::value& body);
net::HttpResponse ok_empty();
// Page JSON of a service result.
Result<net::HttpResponse> page_response(const Result<entities::EntityPage>& page);
Result<net::HttpResponse> object_response(const Result<bj::object>& object);
Result<net::HttpResponse> status_response(const Status& status);

// Reads an entity id from {"entityType"...} path params such as fromType/fromId.
Result<model::EntityId> entity_id_param(const net::HttpRequest& request, std::string_view type_name,
                                        std::string_view id_name);

}  // namespace pacificsoft::api
