// Builds the 5-key telemetry payload of one simulated message.
#include "telemetry_payload.h"

#include <chrono>
#include <cstdio>

namespace pacificsoft::tools::mqtt_load {
namespace {

std::int64_t now_us_since_epoch() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string telemetry_payload(std::uint64_t sequence, std::int64_t ts, bool explicit_ts) {
  char values[192];
  const int length = std::snprintf(
      values, sizeof values,
      R"({"temperature":%.1f,"humidity":%llu,"voltage":3.31,"status":"ok","tx":%lld})",
      20.0 + static_cast<double>(sequence % 100) / 10.0,
      static_cast<unsigned long long>(sequence % 100),
      static_cast<long long>(now_us_since_epoch()));
  if (!explicit_ts) return {values, static_cast<std::size_t>(length)};
  std::string payload = R"({"ts":)" + std::to_string(ts) + R"(,"values":)";
  payload.append(values, static_cast<std::size_t>(length));
  payload += '}';
  return payload;
}

}  // namespace pacificsoft::tools::mqtt_load
