// Server-to-device RPC, the transports' side: a request from the REST API (handed on by app/)
// waits here until a session of its device that takes RPCs (an MQTT subscription, an HTTP long
// poll, a CoAP observation) delivers it, and a two-way call waits for the device's reply. A
// request ends at its time-out. LocalDeviceRpcRouter serves this process's sessions; in a
// cluster the node holding the device's session gets the request from the others.
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

// Thread-safe. Where server-to-device RPCs meet the device sessions that take them.
class DeviceRpcRouter {
 public:
  virtual ~DeviceRpcRouter() = default;
  virtual void send(model::RpcCall call, RpcDone done) = 0;
  // The newest receiver of a device gets its requests, those waiting first. Held weakly: a
  // session that is gone simply stops receiving.
  virtual void attach(const Uuid& device, std::weak_ptr<RpcReceiver> receiver) = 0;
  virtual void detach(const Uuid& device, const RpcReceiver* receiver) = 0;
  // The device's answer to two-way request `id`; unknown ids are ignored (late or foreign).
  virtual void reply(const Uuid& device, std::int32_t id, std::string payload) = 0;
};

// The router of this process's sessions; all state lives on one thread of its own, so callers
// never wait for each other.
class LocalDeviceRpcRouter final : public DeviceRpcRouter {
 public:
  LocalDeviceRpcRouter();
  ~LocalDeviceRpcRouter() override;  // answers what is pending with kShutdown
  LocalDeviceRpcRouter(const LocalDeviceRpcRouter&) = delete;
  LocalDeviceRpcRouter& operator=(const LocalDeviceRpcRouter&) = delete;

  void send(model::RpcCall call, RpcDone done) override;
  void attach(const Uuid& device, std::weak_ptr<RpcReceiver> receiver) override;
  void detach(const Uuid& device, const RpcReceiver* receiver) override;
  void reply(const Uuid& device, std::int32_t id, std::string payload) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::transport
