// Alarms: read, acknowledge, clear, delete, and the alarms of an entity or of the caller.
#include "api/rest/controllers.h"

namespace pacificsoft::api {
namespace {

using net::Method;

// searchStatus (ANY, ACTIVE, CLEARED, ACK, UNACK) or the older status (ACTIVE_UNACK, ...).
std::string search_status(const RestRequest& request) {
  if (auto status = request.query("searchStatus")) return *status;
  return request.query("status").value_or("ANY");
}

RestHandler by_id(RestServices& services,
                  Result<bj::object> (entities::AlarmService::*operation)(const auth::SecurityUser&,
                                                                          const Uuid&)) {
  return [&services, operation](const RestRequest& request) -> Result<net::HttpResponse> {
    auto id = request.path_id("alarmId");
    if (!id) return id.status();
    return object_response((services.alarms.*operation)(request.user, *id));
  };
}

Result<net::HttpResponse> list(RestServices& services, const RestRequest& request,
                               const std::optional<model::EntityId>& originator) {
  auto link = request.page_link();
  if (!link) return link.status();
  return page_response(
      services.alarms.list(request.user, originator, search_status(request), *link));
}

}  // namespace

void register_alarm_routes(net::Router& router, RestServices& services) {
  using entities::AlarmService;
  router.add(Method::kGet, "/api/alarm/{alarmId}",
             authenticated(services, by_id(services, &AlarmService::get), Allowed::kTenantUsers));
  router.add(Method::kGet, "/api/alarm/info/{alarmId}",
             authenticated(services, by_id(services, &AlarmService::get), Allowed::kTenantUsers));
  router.add(
      Method::kPost, "/api/alarm/{alarmId}/ack",
      authenticated(services, by_id(services, &AlarmService::acknowledge), Allowed::kTenantUsers));
  router.add(Method::kPost, "/api/alarm/{alarmId}/clear",
             authenticated(services, by_id(services, &AlarmService::clear), Allowed::kTenantUsers));
  router.add(Method::kDelete, "/api/alarm/{alarmId}",
             authenticated(
                 services,
                 [&services](const RestRequest& request) -> Result<net::HttpResponse> {
                   auto id = request.path_id("alarmId");
                   if (!id) return id.status();
                   PS_RETURN_IF_ERROR(services.alarms.remove(request.user, *id));
                   return json_response(true);
                 },
                 Allowed::kTenantUsers));
  router.add(Method::kGet, "/api/alarm/{entityType}/{entityId}",
             authenticated(
                 services,
                 [&services](const RestRequest& request) -> Result<net::HttpResponse> {
                   auto type = model::parse_entity_type(request.params.get("entityType"));
                   auto id = request.path_id("entityId");
                   if (!id) return id.status();
                   if (!type) return Status(ErrorCode::kBadRequestParams, "Invalid entity type");
                   return list(services, request, model::EntityId{*type, *id});
                 },
                 Allowed::kTenantUsers));
  router.add(
      Method::kGet, "/api/alarms",
      authenticated(
          services,
          [&services](const RestRequest& request) { return list(services, request, std::nullopt); },
          Allowed::kTenantUsers));
}

}  // namespace pacificsoft::api
