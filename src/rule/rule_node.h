// A rule node: one step of a rule chain. It gets a message and says which relations it leaves
// on ("Success", "True", "Post telemetry", ...); the chain sends the message on to every node
// connected by one of them. Nodes are created from their configuration JSON by type name
// (node_registry.h) and must not block: storage calls answer through their callbacks.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "entities/alarm_service.h"
#include "entities/entity_service.h"
#include "entities/relation_service.h"
#include "model/msg.h"
#include "rule/client_rpc_replies.h"
#include "rule/device_rpc_calls.h"
#include "rule/script/script_sandbox.h"
#include "rule/timers.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::rule {

namespace bj = boost::json;

class NetworkLoop;  // rule/network_loop.h

inline constexpr std::string_view kSuccess = "Success";
inline constexpr std::string_view kFailure = "Failure";
inline constexpr std::string_view kTrue = "True";
inline constexpr std::string_view kFalse = "False";

// What a node did with a message.
struct NodeResult {
  std::vector<std::string> relations;  // none: the message ends here
  model::Msg msg;                      // the message that leaves (possibly changed)
  // Why the whole message must be retried later instead of taking the Failure relation: the
  // node could not work for a reason that may pass (storage down). Ok when it need not be.
  Status retry_reason;
  // Further messages, each leaving by its own relation (a device profile node's alarm changes).
  std::vector<std::pair<std::string, model::Msg>> also;
  // Flow nodes only (rule_chain.h runs them). A rule chain input node sets enter_chain: the
  // message goes on at the first node of that chain of the same tenant instead of by
  // relations. A rule chain output node sets leave_chain: the message leaves its chain and goes
  // on in the calling chain, from the input node that called it, by the output node's name.
  std::optional<Uuid> enter_chain;
  bool leave_chain = false;

  static NodeResult on(std::string_view relation, model::Msg msg) {
    return {{std::string(relation)}, std::move(msg), {}, {}};
  }
  // The message ends here, by no relation (a node without inputs, a wait cut short).
  static NodeResult end(model::Msg msg) { return {{}, std::move(msg), {}, {}}; }
  // The whole message is to be retried for `reason` (not ok).
  static NodeResult retry(model::Msg msg, Status reason) {
    return {{}, std::move(msg), std::move(reason), {}};
  }
  bool wants_retry() const { return !retry_reason.is_ok(); }
  // Failure with the error in metadata "error", as the reference does.
  static NodeResult failure(model::Msg msg, std::string_view error);
};
using NodeDone = std::function<void(NodeResult)>;

// What a node that makes messages on its own (generator, message count) gets when its chain goes
// live; valid until the node's stop() returns.
class NodeContext {
 public:
  virtual ~NodeContext() = default;
  virtual const Uuid& tenant_id() const = 0;
  virtual const Uuid& self_id() const = 0;          // this rule node's id
  virtual std::string_view service_id() const = 0;  // this process's, as the reference names it
  // Whether this process runs the messages of the originator's partition: a node that makes
  // messages on its own makes them only there, so a cluster makes each once.
  virtual bool owns(const Uuid& originator) const = 0;
  // A new message of the tenant from this node, sent on by `relation`: appended to the queue
  // (durable, like a device's message), then consumed into this chain at the nodes `relation`
  // connects this one to. `done` reports the append, from any thread.
  virtual void tell_next(model::Msg msg, std::string_view relation,
                         std::function<void(Status)> done) = 0;
};

class RuleNode {
 public:
  virtual ~RuleNode() = default;
  virtual void on_msg(model::Msg msg, NodeDone done) = 0;
  // For nodes that make messages on their own: start() when their chain goes live, stop()
  // before it goes (rebuilt after a save, or the engine stopping). Once stop() returned, the
  // node has no timer pending and does not touch `context` again. Both run once at most.
  virtual void start(NodeContext& /*context*/) {}
  virtual void stop() {}
  // Per-partition state: drops what the node keeps for originators that `moved` names (their
  // partition went to another owner at a revoke); the next owner reads it afresh from storage.
  virtual void forget(const std::function<bool(const Uuid& originator)>& /*moved*/) {}
};

// What nodes may use; outlives every node.
struct NodeServices {
  telemetry::TelemetryService& telemetry;
  ScriptSandbox& scripts;
  ClientRpcReplies& rpc_replies;
  entities::AlarmService& alarms;
  entities::EntityService& entities;
  entities::RelationService& relations;
  const Clock& clock;
  NetworkLoop& network;        // for nodes that call outside systems (REST, MQTT)
  Timers& timers;              // for nodes that wait (delay, generator): never sleep on a thread
  DeviceRpcCalls& device_rpc;  // server-side RPC to devices
};

}  // namespace pacificsoft::rule
