// The HTTP device API (/api/v1/{accessToken}/...): telemetry and client attributes so far;
// attribute requests, RPC by long polling and provisioning come with the transports issue.
#pragma once

#include "auth/device_auth.h"
#include "common/clock.h"
#include "net/router.h"
#include "transport/device_message_sink.h"

namespace pacificsoft::transport {

// The arguments outlive the router.
void register_http_device_api(net::Router& router, const auth::DeviceAuth& auth,
                              DeviceMessageSink& sink, const Clock& clock);

}  // namespace pacificsoft::transport
