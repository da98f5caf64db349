// What every REST controller needs: the services, the authentication of a request, and typed
// reads of its path, query and body that answer the reference's 400s on bad input.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_service.h"
#include "common/clock.h"
#include "common/json.h"
#include "entities/alarm_service.h"
#include "entities/device_credentials.h"
#include "entities/entity_service.h"
#include "entities/relation_service.h"
#include "entities/rule_chain_metadata.h"
#include "model/device_rpc.h"
#include "net/router.h"
#include "rule/rule_engine_input.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::api {

namespace bj = boost::json;

// Server-side RPC to devices; app/ wires it to the transports. `done` may run on any thread.
class DeviceRpcService {
 public:
  virtual ~DeviceRpcService() = default;
  virtual void call(model::RpcCall call, std::function<void(model::RpcResult)> done) = 0;
};

// A node of the cluster as GET /api/cluster/nodes lists it.
struct ClusterNodeView {
  std::string id;
  std::vector<std::string> service_types;
  std::string grpc_address;
  bool ready = false;
  std::map<std::string, std::vector<std::uint32_t>> partitions;  // consumed now, by queue
};

// The nodes as this process sees them; app/ answers from ZooKeeper in a cluster and with this
// process alone otherwise.
class ClusterStatus {
 public:
  virtual ~ClusterStatus() = default;
  virtual Result<std::vector<ClusterNodeView>> nodes() = 0;
};

// The services behind the REST API; owned by app/, outliving the router.
struct RestServices {
  auth::AuthService& auth;
  entities::EntityService& entities;
  entities::DeviceCredentialsService& credentials;
  entities::RelationService& relations;
  entities::RuleChainMetadataService& rule_chains;
  entities::AlarmService& alarms;
  telemetry::TelemetryService& telemetry;
  DeviceRpcService& rpc;
  rule::RuleEngineInput& rule_engine;  // attribute changes the chains hear of
  ClusterStatus& cluster;
  const Clock& clock;
  // Server-side RPC time-outs: used when a call names none, and the least a call may ask for
  // (the reference's server.rest.server_side_rpc.default_timeout / min_timeout); and the most,
  // our own bound (the reference has none).
  std::chrono::milliseconds rpc_default_timeout{10000};
  std::chrono::milliseconds rpc_min_timeout{5000};
  std::chrono::milliseconds rpc_max_timeout{3600000};
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
// As authenticated(), for handlers that answer later (they call reply once, from any thread).
using AsyncRestHandler = std::function<void(const RestRequest&, const net::Reply&)>;
net::Handler authenticated_async(RestServices& services, AsyncRestHandler handler,
                                 Allowed allowed = Allowed::kAny);
// The reference's error body for a failed status.
net::HttpResponse error_reply(RestServices& services, const Status& status);

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
