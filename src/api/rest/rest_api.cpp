// Registration of all REST controllers.
#include "api/rest/rest_api.h"

#include "api/rest/controllers.h"
#include "api/rest/error_body.h"

namespace pacificsoft::api {

void register_rest_api(net::Router& router, RestServices& services) {
  register_auth_routes(router, services);
  register_tenant_routes(router, services);
  register_customer_routes(router, services);
  register_user_routes(router, services);
  register_device_routes(router, services);
  register_asset_routes(router, services);
  register_profile_routes(router, services);
  register_dashboard_routes(router, services);
  register_rule_chain_routes(router, services);
  register_relation_routes(router, services);
  register_telemetry_routes(router, services);
  register_rpc_routes(router, services);
  register_alarm_routes(router, services);
  register_cluster_routes(router, services);
  router.set_fallback(
      [&services](const net::HttpRequest&, const net::PathParams&, const net::Reply& reply) {
        reply(error_response(not_found("No such endpoint"), services.clock.now_ms()));
      });
}

}  // namespace pacificsoft::api
