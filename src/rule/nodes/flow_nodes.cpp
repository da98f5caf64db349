// Rule chain input and output nodes: a chain calls another of its tenant like one node, and the
// called chain's output nodes name the relations the call leaves by. The chain runs them
// (rule_chain.cpp); these nodes only say where the message goes.
#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {
namespace {

class RuleChainInputNode final : public RuleNode {
 public:
  explicit RuleChainInputNode(Uuid chain_id) : chain_id_(chain_id) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    NodeResult result{{}, std::move(msg), {}};
    result.enter_chain = chain_id_;
    done(std::move(result));
  }

 private:
  const Uuid chain_id_;
};

class RuleChainOutputNode final : public RuleNode {
 public:
  void on_msg(model::Msg msg, NodeDone done) override {
    NodeResult result{{}, std::move(msg), {}};
    result.leave_chain = true;
    done(std::move(result));
  }
};

}  // namespace

void register_flow_nodes(NodeRegistry& registry) {
  registry.add(
      node_type("flow.TbRuleChainInputNode"),
      [](const bj::object& configuration, NodeServices&) -> Result<std::unique_ptr<RuleNode>> {
        auto id = Uuid::parse(json::get_string(configuration, "ruleChainId").value_or(""));
        if (!id) return invalid_argument("'ruleChainId' must be a rule chain id");
        return std::unique_ptr<RuleNode>(std::make_unique<RuleChainInputNode>(*id));
      });
  registry.add(node_type("flow.TbRuleChainOutputNode"), [](const bj::object&, NodeServices&) {
    return Result<std::unique_ptr<RuleNode>>(std::make_unique<RuleChainOutputNode>());
  });
}

}  // namespace pacificsoft::rule
