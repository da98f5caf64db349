// Assets and customer assignment.
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

void register_asset_routes(net::Router& router, RestServices& services) {
  using storage::RecordKind;
  add_entity_routes(router, services, RecordKind::kAsset, "/api/asset", "/api/asset/{id}");
  add_tenant_list_or_by_name_route(router, services, RecordKind::kAsset, "/api/tenant/assets",
                                   "assetName");
  add_customer_list_route(router, services, RecordKind::kAsset, "/api/customer/{customerId}/assets",
                          Allowed::kTenantUsers);
  add_assignment_routes(router, services, RecordKind::kAsset, "asset", "/api/customer/asset/{id}");
}

}  // namespace pacificsoft::api
