// Nodes that run a user's JavaScript (the reference's jsScript, with its function signatures) in
// the script sandbox. A script error or time-out sends the message to Failure with the error in
// metadata "error"; the engine never waits on a runaway script.
#include "rule/nodes/core_nodes.h"
#include "rule/nodes/script_msg.h"
#include "rule/nodes/script_node.h"

namespace pacificsoft::rule {
namespace {

class ScriptNode final : public RuleNode {
 public:
  ScriptNode(ScriptSandbox& scripts, std::string script, Interpret interpret)
      : scripts_(scripts), script_(std::move(script)), interpret_(std::move(interpret)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    ScriptCall call{script_, msg.data, metadata_json(msg), msg.type};
    scripts_.invoke(std::move(call), [this, msg = std::move(msg),
                                      done = std::move(done)](Result<std::string> result) mutable {
      auto value = result ? json::parse(*result) : Result<bj::value>(result.status());
      auto outcome = value ? interpret_(msg, *value) : Result<NodeResult>(value.status());
      done(outcome ? std::move(*outcome)
                   : NodeResult::failure(std::move(msg), outcome.status().message()));
    });
  }

 private:
  ScriptSandbox& scripts_;
  std::string script_;
  Interpret interpret_;
};

Result<NodeResult> filter_result(model::Msg msg, const bj::value& result) {
  if (!result.is_bool()) return invalid_argument("a filter script must return true or false");
  return NodeResult::on(result.as_bool() ? kTrue : kFalse, std::move(msg));
}

Result<NodeResult> switch_result(model::Msg msg, const bj::value& result) {
  if (!result.is_array()) return invalid_argument("a switch script must return an array");
  NodeResult next{{}, std::move(msg), {}};
  for (const auto& relation : result.as_array()) {
    if (!relation.is_string()) return invalid_argument("relation names must be strings");
    next.relations.emplace_back(relation.as_string());
  }
  return next;
}

// {msg, metadata, msgType}: each part that is there replaces the message's.
Result<NodeResult> transform_result(model::Msg msg, const bj::value& result) {
  if (!result.is_object()) return invalid_argument("a transform script must return an object");
  PS_RETURN_IF_ERROR(apply_script_result(msg, result));
  return NodeResult::on(kSuccess, std::move(msg));
}

}  // namespace

NodeFactory script_node(Interpret interpret) {
  return [interpret = std::move(interpret)](
             const bj::object& configuration,
             NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
    if (json::get_string(configuration, "scriptLang").value_or("JS") != "JS") {
      return invalid_argument("only JavaScript scripts are supported (no TBEL yet)");
    }
    auto script = json::get_string(configuration, "jsScript");
    if (!script) return invalid_argument("a script node needs 'jsScript'");
    return std::unique_ptr<RuleNode>(
        std::make_unique<ScriptNode>(services.scripts, std::string(*script), interpret));
  };
}

void register_script_nodes(NodeRegistry& registry) {
  registry.add(node_type("filter.TbJsFilterNode"), script_node(filter_result));
  registry.add(node_type("filter.TbJsSwitchNode"), script_node(switch_result));
  registry.add(node_type("transform.TbTransformMsgNode"), script_node(transform_result));
}

}  // namespace pacificsoft::rule
