// Route registration of each REST controller (one file each), called by register_rest_api().
#pragma once

#include "api/rest/rest_context.h"

namespace pacificsoft::api {

void register_auth_routes(net::Router& router, RestServices& services);
void register_tenant_routes(net::Router& router, RestServices& services);
void register_customer_routes(net::Router& router, RestServices& services);
void register_user_routes(net::Router& router, RestServices& services);
void register_device_routes(net::Router& router, RestServices& services);
void register_asset_routes(net::Router& router, RestServices& services);
void register_profile_routes(net::Router& router, RestServices& services);
void register_dashboard_routes(net::Router& router, RestServices& services);
void register_rule_chain_routes(net::Router& router, RestServices& services);
void register_relation_routes(net::Router& router, RestServices& services);
void register_telemetry_routes(net::Router& router, RestServices& services);
void register_rpc_routes(net::Router& router, RestServices& services);
void register_alarm_routes(net::Router& router, RestServices& services);
void register_cluster_routes(net::Router& router, RestServices& services);

}  // namespace pacificsoft::api
