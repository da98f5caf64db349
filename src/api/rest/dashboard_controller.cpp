// Dashboards, their lists and customer assignment.
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

void register_dashboard_routes(net::Router& router, RestServices& services) {
  using storage::RecordKind;
  add_entity_routes(router, services, RecordKind::kDashboard, "/api/dashboard",
                    "/api/dashboard/{id}");
  add_list_route(router, services, RecordKind::kDashboard, "/api/tenant/dashboards",
                 Allowed::kTenantAdmin);
  add_customer_list_route(router, services, RecordKind::kDashboard,
                          "/api/customer/{customerId}/dashboards", Allowed::kTenantUsers);
  add_assignment_routes(router, services, RecordKind::kDashboard, "dashboard",
                        "/api/customer/{customerId}/dashboard/{id}");
  router.add(net::Method::kGet, "/api/dashboard/info/{id}",
             authenticated(services, [&services](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               auto dashboard = services.entities.get(request.user, RecordKind::kDashboard, *id);
               if (dashboard) dashboard->erase("configuration");
               return object_response(dashboard);
             }));
  router.add(net::Method::kGet, "/api/dashboard/serverTime",
             authenticated(services, [&services](const RestRequest&) {
               return Result<net::HttpResponse>(json_response(services.clock.now_ms()));
             }));
}

}  // namespace pacificsoft::api
