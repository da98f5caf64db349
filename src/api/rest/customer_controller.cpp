// Customers of the caller's tenant.
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

void register_customer_routes(net::Router& router, RestServices& services) {
  using storage::RecordKind;
  add_entity_routes(router, services, RecordKind::kCustomer, "/api/customer", "/api/customer/{id}");
  add_list_route(router, services, RecordKind::kCustomer, "/api/customers", Allowed::kTenantAdmin);
  router.add(net::Method::kGet, "/api/tenant/customers",
             authenticated(services, [&services](const RestRequest& request) {
               auto title = request.query("customerTitle");
               if (!title) {
                 return Result<net::HttpResponse>(
                     Status(ErrorCode::kBadRequestParams,
                            "Required request parameter 'customerTitle' is not present"));
               }
               return object_response(
                   services.entities.find_by_name(request.user, RecordKind::kCustomer, *title));
             }));
}

}  // namespace pacificsoft::api
