// Tenants (system administrator) and a tenant's own record (its administrators).
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

void register_tenant_routes(net::Router& router, RestServices& services) {
  add_entity_routes(router, services, storage::RecordKind::kTenant, "/api/tenant",
                    "/api/tenant/{id}");
  add_list_route(router, services, storage::RecordKind::kTenant, "/api/tenants",
                 Allowed::kSysAdmin);
}

}  // namespace pacificsoft::api
