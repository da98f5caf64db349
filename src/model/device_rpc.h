// Server-to-device RPC as values: the request a device receives and how the call ended. Shared
// by the REST API that starts calls and the transports that deliver them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/uuid.h"

namespace pacificsoft::model {

struct DeviceRpcRequest {
  std::int32_t id = 0;  // the device API's request id (the topic or path suffix)
  std::string method;
  std::string params_json;
  bool oneway = false;
};

enum class RpcOutcome : std::uint8_t {
  kDelivered,  // one-way: the device has it
  kReplied,    // two-way: `reply` holds the device's answer
  kTimedOut,
  kShutdown,  // the server stopped first
};

struct RpcResult {
  RpcOutcome outcome = RpcOutcome::kTimedOut;
  std::string reply;
  bool reached_session = false;  // a session took the request (the reference's 408 vs 409)
};

// A call as the REST API asks for it.
struct RpcCall {
  Uuid device_id;
  std::string method;
  std::string params_json;
  bool oneway = false;
  std::chrono::milliseconds timeout{10000};
  // The REST request waiting for this call's end (the reference's requestUUID); all-zero: none.
  Uuid request_id;
};

}  // namespace pacificsoft::model
