// The log node.
#include "common/log.h"
#include "rule/nodes/core_nodes.h"
#include "rule/nodes/script_node.h"

namespace pacificsoft::rule {
namespace {

// Logs the message at info level: the text its jsScript returns, as the reference does, or
// without one the type, data and metadata as they are.
class LogNode final : public RuleNode {
 public:
  void on_msg(model::Msg msg, NodeDone done) override {
    bj::object metadata;
    for (const auto& [key, value] : msg.metadata) metadata[key] = value;
    spdlog::info("rule chain log: {} {} from {}: {} {}", msg.type, msg.id.to_string(),
                 msg.originator.id.to_string(), msg.data, json::serialize(metadata));
    done(NodeResult::on(kSuccess, std::move(msg)));
  }
};

Result<NodeResult> log_script_result(model::Msg msg, const bj::value& result) {
  spdlog::info("rule chain log: {}",
               result.is_string() ? std::string(result.as_string()) : json::serialize(result));
  return NodeResult::on(kSuccess, std::move(msg));
}

}  // namespace

void register_action_nodes(NodeRegistry& registry) {
  registry.add(node_type("action.TbLogNode"),
               [formatted = script_node(log_script_result)](
                   const bj::object& configuration,
                   NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
                 if (configuration.contains("jsScript")) return formatted(configuration, services);
                 return std::unique_ptr<RuleNode>(std::make_unique<LogNode>());
               });
}

}  // namespace pacificsoft::rule
