// Rule chain records, their metadata (nodes and connections) and the root chain.
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
  router.add(net::Method::kGet, "/api/ruleChain/{id}/metadata",
             authenticated(
                 services,
                 [&services](const RestRequest& request) {
                   auto id = request.path_id("id");
                   if (!id) return Result<net::HttpResponse>(id.status());
                   return object_response(services.rule_chains.get(request.user, *id));
                 },
                 Allowed::kTenantAdmin));
  router.add(net::Method::kPost, "/api/ruleChain/metadata",
             authenticated(
                 services,
                 [&services](const RestRequest& request) {
                   auto body = request.json_body();
                   if (!body) return Result<net::HttpResponse>(body.status());
                   return object_response(services.rule_chains.save(request.user, *body));
                 },
                 Allowed::kTenantAdmin));
  router.add(net::Method::kPost, "/api/ruleChain/{id}/root",
             authenticated(services, [&services](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return object_response(entities::move_flag(services.entities, request.user,
                                                          RecordKind::kRuleChain, *id, "root"));
             }));
}

}  // namespace pacificsoft::api
