// The RPC nodes: "rpc call reply" answers a device's client-side RPC; "rpc call request" sends
// server-side RPC to a device.
#include <algorithm>
#include <chrono>

#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {
namespace {

// The longest a call waits for its device, whatever the node's configuration or the message's
// metadata say (as the delay and generator nodes' periods).
constexpr std::chrono::milliseconds kMaxTimeout = std::chrono::hours(24 * 365);

class RpcReplyNode final : public RuleNode {
 public:
  RpcReplyNode(ClientRpcReplies& replies, std::string request_id_key)
      : replies_(replies), request_id_key_(std::move(request_id_key)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    const std::string key(msg.metadata_value(request_id_key_));
    if (key.empty()) {
      done(NodeResult::failure(std::move(msg), "Request id is not present in the metadata!"));
      return;
    }
    if (msg.data.empty()) {
      done(NodeResult::failure(std::move(msg), "Request body is empty!"));
      return;
    }
    if (!replies_.reply(key, msg.data)) {
      done(NodeResult::failure(std::move(msg), "no client-side RPC waits for request " + key));
      return;
    }
    done(NodeResult::on(kSuccess, std::move(msg)));
  }

 private:
  ClientRpcReplies& replies_;
  std::string request_id_key_;
};

// Sends an RPC_CALL_FROM_SERVER_TO_DEVICE message's {method, params} to its device: Success with
// the device's answer as data ("{}" for a one-way call or an empty answer), Failure with
// {"error": "TIMEOUT"} (a session took the call) or "NO_ACTIVE_CONNECTION" (none did). The
// branch stays open until the call ended, so its queue offset is not committed before: a crash
// replays the message and the request is sent again. The reference acknowledges at once.
class RpcRequestNode final : public RuleNode {
 public:
  RpcRequestNode(DeviceRpcCalls& rpc, const Clock& clock, std::chrono::milliseconds timeout)
      : rpc_(rpc), clock_(clock), timeout_(timeout) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    auto call = parse(msg);
    if (!call) {
      done(NodeResult::failure(std::move(msg), call.status().message()));
      return;
    }
    rpc_.call(std::move(*call), [msg = std::move(msg),
                                 done = std::move(done)](const model::RpcResult& result) mutable {
      done(outcome(std::move(msg), result));
    });
  }

 private:
  Result<model::RpcCall> parse(const model::Msg& msg) const {
    if (msg.originator.type != model::EntityType::kDevice) {
      return invalid_argument("Message originator is not a device entity!");
    }
    auto data = json::parse_object(msg.data);
    if (!data) return invalid_argument("Message data is not a JSON object!");
    auto method = json::get_string(*data, "method");
    if (!method) return invalid_argument("Method is not present in the message!");
    const bj::value* params = data->if_contains("params");
    if (params == nullptr) return invalid_argument("Params are not present in the message!");
    // The REST API's calls carry their expiry; others get the node's time-out. Metadata is
    // anyone's to set: the expiry counts within [now, now + the longest time-out].
    auto timeout = timeout_;
    const auto expiration = json::parse(msg.metadata_value("expirationTime"));
    if (expiration && expiration->is_int64()) {
      const std::int64_t now = clock_.now_ms();
      const std::int64_t until =
          std::clamp<std::int64_t>(expiration->as_int64(), now, now + kMaxTimeout.count());
      timeout = std::chrono::milliseconds(until - now);
    }
    return model::RpcCall{msg.originator.id,
                          std::string(*method),
                          json::serialize(*params),
                          msg.metadata_value("oneway") == "true",
                          timeout,
                          Uuid::parse(msg.metadata_value("requestUUID")).value_or(Uuid())};
  }

  static NodeResult outcome(model::Msg msg, const model::RpcResult& result) {
    switch (result.outcome) {
      case model::RpcOutcome::kDelivered:
      case model::RpcOutcome::kReplied:
        msg.data = result.reply.empty() ? "{}" : result.reply;
        return NodeResult::on(kSuccess, std::move(msg));
      case model::RpcOutcome::kTimedOut: {
        const char* error = result.reached_session ? "TIMEOUT" : "NO_ACTIVE_CONNECTION";
        msg.data = json::serialize(bj::object{{"error", error}});
        return NodeResult::failure(std::move(msg), error);
      }
      case model::RpcOutcome::kShutdown:
        break;
    }
    return NodeResult::retry(std::move(msg), {ErrorCode::kUnavailable, "the server is stopping"});
  }

  DeviceRpcCalls& rpc_;
  const Clock& clock_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace

void register_rpc_nodes(NodeRegistry& registry) {
  registry.add(node_type("rpc.TbSendRPCReplyNode"), [](const bj::object& configuration,
                                                       NodeServices& services) {
    std::string key(
        json::get_string(configuration, "requestIdMetaDataAttribute").value_or("requestId"));
    return Result<std::unique_ptr<RuleNode>>(
        std::make_unique<RpcReplyNode>(services.rpc_replies, std::move(key)));
  });
  registry.add(
      node_type("rpc.TbSendRPCRequestNode"),
      [](const bj::object& configuration,
         NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
        const std::int64_t seconds = json::get_int(configuration, "timeoutInSeconds").value_or(60);
        if (seconds < 1 || seconds > kMaxTimeout.count() / 1000) {
          return invalid_argument("timeoutInSeconds must be 1 to " +
                                  std::to_string(kMaxTimeout.count() / 1000) + " (a year)");
        }
        return std::unique_ptr<RuleNode>(std::make_unique<RpcRequestNode>(
            services.device_rpc, services.clock, std::chrono::seconds(seconds)));
      });
}

}  // namespace pacificsoft::rule
