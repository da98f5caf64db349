// Rule chain records and the root chain (the engine comes with its own issue).
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"
#include "entities/unique_flag.h"

namespace pacificsoft::api {

void register_rule_chain_routes(net::Router& router, RestServices& services) {
  using storage::RecordKind;
  add_entity_routes(router, services, RecordKind::kRuleChain, "/api/ruleChain",
                    "/api/ruleChain/{id}");
  add_list_route(router, services, RecordKind::kRuleChain, "/api/ruleChains", Allowed::kTenantAdmin,
                 [](const RestRequest& request) -> Result<entities::ListFilter> {
                   entities::ListFilter filter;
                   filter.type = request.query("type");
                   return filter;
                 });
  router.add(net::Method::kPost, "/api/ruleChain/{id}/root",
             authenticated(services, [&services](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return object_response(entities::move_flag(services.entities, request.user,
                                                          RecordKind::kRuleChain, *id, "root"));
             }));
}

}  // namespace pacificsoft::api
