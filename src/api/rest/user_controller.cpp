// Users: create (with activation), read, delete, and the per-tenant and per-customer lists.
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

void register_user_routes(net::Router& router, RestServices& services) {
  using storage::RecordKind;
  // ?sendActivationMail is accepted and ignored: there is no mail service, the activation link
  // is read through /api/user/{id}/activationLink.
  add_entity_routes(router, services, RecordKind::kUser, "/api/user", "/api/user/{id}");
  add_list_route(router, services, RecordKind::kUser, "/api/users", Allowed::kTenantUsers);
  add_list_route(router, services, RecordKind::kUser, "/api/tenant/{tenantId}/users",
                 Allowed::kSysAdmin,
                 [](const RestRequest& request) -> Result<entities::ListFilter> {
                   auto tenant_id = request.path_id("tenantId");
                   if (!tenant_id) return tenant_id.status();
                   entities::ListFilter filter;
                   filter.tenant_id = *tenant_id;
                   return filter;
                 });
  add_customer_list_route(router, services, RecordKind::kUser, "/api/customer/{customerId}/users",
                          Allowed::kTenantAdmin);
}

}  // namespace pacificsoft::api
