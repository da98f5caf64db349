// Nearest-rank latency percentiles of the load tools (mqtt_load's PUBACKs, ws_latency's
// WebSocket updates), so both report the same definition.
#pragma once

#include <cstdint>
#include <vector>

namespace pacificsoft::tools {

struct Percentiles {
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Of samples in microseconds; sorts them in place. All zero when there are none.
Percentiles percentiles(std::vector<std::uint32_t>& samples_us);

}  // namespace pacificsoft::tools
