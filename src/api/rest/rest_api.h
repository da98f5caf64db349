// The REST API under /api: every controller's routes, and the reference error body for
// requests that match none.
#pragma once

#include "api/rest/rest_context.h"

namespace pacificsoft::api {

void register_rest_api(net::Router& router, RestServices& services);

}  // namespace pacificsoft::api
