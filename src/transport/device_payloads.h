// The device API's JSON payloads beyond telemetry (model/telemetry_json.h), as the reference
// writes and reads them; one implementation for MQTT, HTTP and CoAP.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "transport/device_backend.h"
#include "transport/device_rpc.h"

namespace pacificsoft::transport {

// {"clientKeys": "a,b", "sharedKeys": "c"}: either may be missing. An empty or non-object
// payload is InvalidArgument.
Result<AttributeRequest> parse_attribute_request(std::string_view payload);
// The same from the HTTP/CoAP query parameters (absent: nullopt).
AttributeRequest attribute_request_from_keys(const std::string* client_keys,
                                             const std::string* shared_keys);

// {"client": {...}, "shared": {...}} with native values; an empty section is left out.
std::string attribute_response_json(const DeviceAttributes& attributes);
// {"k": v, ..., "deleted": [...]}: what a device subscribed to shared attributes receives.
std::string shared_update_json(const SharedAttributeUpdate& update);
// {"method": ..., "params": ...}, with "id" first when with_id (HTTP and CoAP carry it in the
// body; MQTT in the topic).
std::string rpc_request_json(const DeviceRpcRequest& request, bool with_id);
// {"method": "...", "params": ...} from a device; both keys are required.
Result<ClientRpcRequest> parse_client_rpc(std::string_view payload);
// What a device gets back for its RPC: the rule engine's reply, or {"error": "..."}.
std::string client_rpc_reply_json(Result<std::string> reply);

}  // namespace pacificsoft::transport
