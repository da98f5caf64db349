// Devices, their credentials and customer assignment.
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

void register_device_routes(net::Router& router, RestServices& services) {
  using storage::RecordKind;
  add_entity_routes(router, services, RecordKind::kDevice, "/api/device", "/api/device/{id}");
  add_tenant_list_or_by_name_route(router, services, RecordKind::kDevice, "/api/tenant/devices",
                                   "deviceName");
  add_customer_list_route(router, services, RecordKind::kDevice,
                          "/api/customer/{customerId}/devices", Allowed::kTenantUsers);
  add_assignment_routes(router, services, RecordKind::kDevice, "device",
                        "/api/customer/device/{id}");
  router.add(net::Method::kGet, "/api/device/{id}/credentials",
             authenticated(services, [&services](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return object_response(services.credentials.get(request.user, *id));
             }));
  router.add(net::Method::kPost, "/api/device/credentials",
             authenticated(services, [&services](const RestRequest& request) {
               auto body = request.json_body();
               if (!body) return Result<net::HttpResponse>(body.status());
               return object_response(services.credentials.update(request.user, *body));
             }));
}

}  // namespace pacificsoft::api
