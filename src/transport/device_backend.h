// What the device transports need from the core: the device API's uplinks, attribute reads and
// shared-attribute updates. app/ wires it: to the telemetry service for now, to the durable queue
// and the rule engine when they land. A transport acknowledges a device only when the backend
// reports the message durable.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/device_auth.h"
#include "common/status.h"
#include "model/kv.h"
#include "model/telemetry_json.h"

namespace pacificsoft::transport {

// Called once the message is durable (ok) or refused; from any thread, keep it short.
using Accepted = std::function<void(Status)>;

// Keys asked for per scope; nullopt asks for none of that scope, unless both are nullopt, which
// asks for every client and shared attribute (the reference's rule).
struct AttributeRequest {
  std::optional<std::vector<std::string>> client_keys;
  std::optional<std::vector<std::string>> shared_keys;
};

struct DeviceAttributes {
  std::vector<model::AttributeKv> client;
  std::vector<model::AttributeKv> shared;
};

// A change of a device's shared attributes, as the device API pushes it.
struct SharedAttributeUpdate {
  std::vector<model::AttributeKv> updated;
  std::vector<std::string> deleted;
};
// Runs on the thread that committed the change: post the work to the session's executor.
using SharedAttributeListener = std::function<void(const SharedAttributeUpdate&)>;

// A device-to-server RPC ({"method", "params"} of the device API) and its answer: the reply's
// JSON text, or an error once the rule engine cannot answer.
struct ClientRpcRequest {
  std::string method;
  std::string params_json;
};
using ClientRpcReply = std::function<void(Result<std::string>)>;
// Called once with the attributes asked for, or why not: before the call returns when the store
// is at hand, later from another thread when it is not.
using AttributesRead = std::function<void(Result<DeviceAttributes>)>;

enum class ActivityEvent : std::uint8_t { kConnected, kDisconnected, kActivity };

// Thread-safe.
class DeviceBackend {
 public:
  virtual ~DeviceBackend() = default;

  virtual void post_telemetry(const auth::DeviceIdentity& device, std::vector<model::TsKv> points,
                              Accepted accepted) = 0;
  // Client-side attributes reported by the device.
  virtual void post_attributes(const auth::DeviceIdentity& device, model::KeyValues values,
                               Accepted accepted) = 0;
  virtual void post_client_rpc(const auth::DeviceIdentity& device, ClientRpcRequest request,
                               ClientRpcReply reply) = 0;

  virtual void read_attributes(const auth::DeviceIdentity& device, const AttributeRequest& request,
                               AttributesRead done) = 0;
  // Returns an id for unsubscribe_shared_attributes. A listener may still run once just after
  // its unsubscribe: hold the session weakly.
  virtual std::uint64_t subscribe_shared_attributes(const auth::DeviceIdentity& device,
                                                    SharedAttributeListener listener) = 0;
  virtual void unsubscribe_shared_attributes(std::uint64_t subscription) = 0;

  // Session opened or closed, or any message or ping: the device-state service keeps the
  // reference's activity attributes from these.
  virtual void report_activity(const auth::DeviceIdentity& device, ActivityEvent event) = 0;
};

}  // namespace pacificsoft::transport
