// The telemetry WebSocket endpoints: /api/ws/plugins/telemetry?token=JWT (legacy) and /api/ws
// (token in the first frame's authCmd). Each connection gets its own TelemetryWsSession.
#pragma once

#include "api/ws/telemetry_ws_session.h"
#include "net/router.h"

namespace pacificsoft::api {

// `services` outlives the router.
void register_telemetry_websocket(net::Router& router, WsServices& services);

}  // namespace pacificsoft::api
