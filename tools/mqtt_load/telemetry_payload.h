// The telemetry every simulated device publishes: 5 keys, optionally with their own ts.
#pragma once

#include <cstdint>
#include <string>

namespace pacificsoft::tools::mqtt_load {

// {"temperature":..,"humidity":..,"voltage":..,"status":"ok","tx":<now, us since the epoch>},
// wrapped as {"ts":ts,"values":{...}} when explicit_ts. "tx" is the send time, from which a
// WebSocket subscriber measures publish-to-update latency.
std::string telemetry_payload(std::uint64_t sequence, std::int64_t ts, bool explicit_ts);

}  // namespace pacificsoft::tools::mqtt_load
