// The "rpc call reply" node: a chain's answer to a device's client-side RPC.
#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {
namespace {

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

}  // namespace

void register_rpc_nodes(NodeRegistry& registry) {
  registry.add(node_type("rpc.TbSendRPCReplyNode"), [](const bj::object& configuration,
                                                       NodeServices& services) {
    std::string key(
        json::get_string(configuration, "requestIdMetaDataAttribute").value_or("requestId"));
    return Result<std::unique_ptr<RuleNode>>(
        std::make_unique<RpcReplyNode>(services.rpc_replies, std::move(key)));
  });
}

}  // namespace pacificsoft::rule
