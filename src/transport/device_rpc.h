// Server-to-device RPC, the transports' side: a request from the REST API (handed on by app/)
// waits here until a session of its device that takes RPCs (an MQTT subscription, an HTTP long
// poll, a CoAP observation) delivers it, and a two-way call waits for the device's reply. A
// request ends at its time-out. Local to this process; in a cluster the node holding the
// device's session gets the request from the others.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/uuid.h"
#include "model/device_rpc.h"

namespace pacificsoft::transport {

using model::DeviceRpcRequest;
using model::RpcOutcome;
using model::RpcResult;

// Runs on the router's thread: keep it short.
using RpcDone = std::function<void(RpcResult)>;
// The receiver calls it once the request is written (QoS 0, HTTP, CoAP) or acknowledged
// (QoS 1), with false when it could not be; from any thread.
using RpcDelivered = std::function<void(bool delivered)>;

// A device session that takes RPCs. deliver() runs on the router's thread: post to your own.
class RpcReceiver {
 public:
  virtual ~RpcReceiver() = default;
  virtual void deliver(const DeviceRpcRequest& request, RpcDelivered delivered) = 0;
};

// Thread-safe; all state lives on one thread of its own, so callers never wait for each other.
class DeviceRpcRouter {
 public:
  DeviceRpcRouter();
  ~DeviceRpcRouter();  // answers what is pending with kShutdown
  DeviceRpcRouter(const DeviceRpcRouter&) = delete;
  DeviceRpcRouter& operator=(const DeviceRpcRouter&) = delete;

  void send(model::RpcCall call, RpcDone done);
  // The newest receiver of a device gets its requests, those waiting first. Held weakly: a
  // session that is gone simply stops receiving.
  void attach(const Uuid& device, std::weak_ptr<RpcReceiver> receiver);
  void detach(const Uuid& device, const RpcReceiver* receiver);
  // The device's answer to two-way request `id`; unknown ids are ignored (late or foreign).
  void reply(const Uuid& device, std::int32_t id, std::string payload);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::transport
