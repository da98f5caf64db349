// The CoAP device API's resource names: /api/v1/{token}/{feature}[/{requestId}] and
// /api/v1/provision, as Uri-Path text ("api/v1/abc/telemetry"), and its query parameters.
// Pure functions, so they are tested alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pacificsoft::transport::coap::detail {

enum class Feature : std::uint8_t { kTelemetry, kAttributes, kRpc, kRpcReply, kProvision };

struct DevicePath {
  Feature feature = Feature::kTelemetry;
  std::string token;            // empty for kProvision
  std::int32_t request_id = 0;  // kRpcReply only
};

// nullopt: not a resource of the device API (4.04).
std::optional<DevicePath> parse_device_path(std::string_view uri_path);

// The value of `name` in "a=1&b=2" (libcoap joins Uri-Query options with '&'); nullopt when absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

}  // namespace pacificsoft::transport::coap::detail
