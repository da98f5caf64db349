// The device telemetry and attribute payload forms, shared by MQTT, HTTP, CoAP and REST:
//   {"k": v, ...}                       values at the server's receive time
//   {"ts": 1451649600512, "values": {...}}
//   [ either of the above, ... ]
// and the reference's value typing (numeric strings become numbers, as its type cast does).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "model/kv.h"

namespace pacificsoft::model {

// What to do with a JSON null value: the device transports skip it, REST refuses it.
enum class NullValues { kSkip, kReject };

// Parses a telemetry payload; InvalidArgument (with the reason) for anything that is not one of
// the forms, and for an empty result.
Result<std::vector<TsKv>> parse_telemetry(std::string_view payload, std::int64_t server_ts,
                                          NullValues nulls);

using KeyValues = std::vector<std::pair<std::string, KvValue>>;
// Parses a flat attributes object {"k": v, ...}.
Result<KeyValues> parse_attributes(std::string_view payload, NullValues nulls);

}  // namespace pacificsoft::model
