// Where the "rpc call request" node sends server-side RPC to devices. The rule engine declares
// it; app/ wires it to the transports' RPC router (as rule/client_rpc_replies.h for replies).
#pragma once

#include <functional>

#include "model/device_rpc.h"

namespace pacificsoft::rule {

class DeviceRpcCalls {
 public:
  virtual ~DeviceRpcCalls() = default;
  // `done` runs once, on any thread: delivered (one-way), answered (two-way), timed out, or the
  // server stopping first.
  virtual void call(model::RpcCall call, std::function<void(model::RpcResult)> done) = 0;
};

}  // namespace pacificsoft::rule
