// The log node.
#include "common/log.h"
#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {
namespace {

// Logs the message at info level. The reference formats the line with a script; until scripts
// run, the data and metadata are logged as they are.
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

}  // namespace

void register_action_nodes(NodeRegistry& registry) {
  registry.add(node_type("action.TbLogNode"), [](const bj::object&, NodeServices&) {
    return Result<std::unique_ptr<RuleNode>>(std::make_unique<LogNode>());
  });
}

}  // namespace pacificsoft::rule
