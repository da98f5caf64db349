// Server-side RPC from the REST API the reference's way: the call becomes an
// RPC_CALL_FROM_SERVER_TO_DEVICE message in the device's queue partition, the tenant's root
// chain routes it (the default chain: "RPC Request to Device" → rpc call request node), and the
// node's call through the router also answers the waiting REST request, found by the message's
// requestUUID. A chain that never sends the call leaves the REST request to time out, as in the
// reference.
#pragma once

#include <functional>
#include <mutex>
#include <unordered_map>

#include "api/rest/rest_context.h"
#include "queue/msg_producer.h"
#include "rule/device_rpc_calls.h"
#include "storage/entity_store.h"
#include "transport/device_rpc.h"

namespace pacificsoft::app {

using RpcAnswer = std::function<void(model::RpcResult)>;

// The REST requests waiting for their call's end, by request id. Thread-safe.
class WaitingRestRpcs {
 public:
  explicit WaitingRestRpcs(const Clock& clock) : clock_(clock) {}
  void add(const Uuid& id, std::chrono::milliseconds timeout, RpcAnswer answer);
  // Answers and forgets the request; unknown ids (answered, timed out) are ignored.
  void complete(const Uuid& id, const model::RpcResult& result);
  // Times out the requests whose call never ended (the chain did not send it), a little after
  // their time-out so that the router's own time-out answers first.
  void expire();

 private:
  struct Waiting {
    std::int64_t deadline_ms;
    RpcAnswer answer;
  };
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<Uuid, Waiting> waiting_;  // guarded by mutex_
};

// The REST API's side: queues the call for the rule engine.
class RestRpcThroughRules final : public api::DeviceRpcService {
 public:
  RestRpcThroughRules(storage::EntityStore& store, queue::MsgProducer& producer,
                      WaitingRestRpcs& waiting, const Clock& clock, std::string service_id)
      : store_(store),
        producer_(producer),
        waiting_(waiting),
        clock_(clock),
        service_id_(std::move(service_id)) {}
  void call(model::RpcCall call, RpcAnswer done) override;

 private:
  storage::EntityStore& store_;
  queue::MsgProducer& producer_;
  WaitingRestRpcs& waiting_;
  const Clock& clock_;
  const std::string service_id_;
};

// The rule engine's side: the rpc call request node's calls go to the router, and their end
// answers the REST request waiting for them too.
class RouterRpcForRules final : public rule::DeviceRpcCalls {
 public:
  RouterRpcForRules(transport::DeviceRpcRouter& router, WaitingRestRpcs& waiting)
      : router_(router), waiting_(waiting) {}
  void call(model::RpcCall call, RpcAnswer done) override;

 private:
  transport::DeviceRpcRouter& router_;
  WaitingRestRpcs& waiting_;
};

}  // namespace pacificsoft::app
