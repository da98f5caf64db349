// Filters that route by what a message is, without scripts.
#include <algorithm>
#include <array>
#include <utility>

#include "rule/nodes/core_nodes.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

// The relation names of the reference's message type switch.
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kSwitchRelations{{
    {"POST_TELEMETRY_REQUEST", "Post telemetry"},
    {"POST_ATTRIBUTES_REQUEST", "Post attributes"},
    {"TO_SERVER_RPC_REQUEST", "RPC Request from Device"},
    {"RPC_CALL_FROM_SERVER_TO_DEVICE", "RPC Request to Device"},
    {"ACTIVITY_EVENT", "Activity Event"},
    {"INACTIVITY_EVENT", "Inactivity Event"},
    {"CONNECT_EVENT", "Connect Event"},
    {"DISCONNECT_EVENT", "Disconnect Event"},
    {"ENTITY_CREATED", "Entity Created"},
    {"ENTITY_UPDATED", "Entity Updated"},
    {"ENTITY_DELETED", "Entity Deleted"},
    {"ENTITY_ASSIGNED", "Entity Assigned"},
    {"ENTITY_UNASSIGNED", "Entity Unassigned"},
    {"ATTRIBUTES_UPDATED", "Attributes Updated"},
    {"ATTRIBUTES_DELETED", "Attributes Deleted"},
    {"TIMESERIES_UPDATED", "Timeseries Updated"},
    {"ALARM", "Alarm"},
    {"ALARM_ACK", "Alarm Acknowledged"},
}};

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// A node whose verdict is a pure function of the message.
template <class Decide>
class DecisionNode final : public RuleNode {
 public:
  explicit DecisionNode(Decide decide) : decide_(std::move(decide)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    std::string relation = decide_(msg);
    done(NodeResult::on(relation, std::move(msg)));
  }

 private:
  Decide decide_;
};

template <class Decide>
std::unique_ptr<RuleNode> decision(Decide decide) {
  return std::make_unique<DecisionNode<Decide>>(std::move(decide));
}

std::string_view verdict(bool yes) { return yes ? kTrue : kFalse; }

// Whether every (or, unless check_all, any) named field exists.
bool has_fields(const model::Msg& msg, const std::vector<std::string>& data_names,
                const std::vector<std::string>& metadata_names, bool check_all) {
  auto data = json::parse_object(msg.data);
  std::size_t found = 0;
  for (const auto& name : data_names) found += data && data->contains(name) ? 1 : 0;
  for (const auto& name : metadata_names) found += msg.metadata_value(name).empty() ? 0 : 1;
  const std::size_t asked = data_names.size() + metadata_names.size();
  return check_all ? found == asked : found > 0;
}

}  // namespace

void register_filter_nodes(NodeRegistry& registry) {
  registry.add(node_type("filter.TbMsgTypeSwitchNode"), [](const bj::object&, NodeServices&) {
    return Result<std::unique_ptr<RuleNode>>(decision([](const model::Msg& msg) {
      for (const auto& [type, relation] : kSwitchRelations) {
        if (msg.type == type) return std::string(relation);
      }
      return std::string("Other");
    }));
  });
  registry.add(node_type("filter.TbMsgTypeFilterNode"),
               [](const bj::object& configuration, NodeServices&) {
                 auto types = config_strings(configuration, "messageTypes");
                 return Result<std::unique_ptr<RuleNode>>(decision([types](const model::Msg& msg) {
                   return std::string(verdict(contains(types, msg.type)));
                 }));
               });
  registry.add(node_type("filter.TbOriginatorTypeFilterNode"), [](const bj::object& configuration,
                                                                  NodeServices&) {
    auto types = config_strings(configuration, "originatorTypes");
    return Result<std::unique_ptr<RuleNode>>(decision([types](const model::Msg& msg) {
      return std::string(verdict(contains(types, model::entity_type_name(msg.originator.type))));
    }));
  });
  registry.add(
      node_type("filter.TbCheckMessageNode"), [](const bj::object& configuration, NodeServices&) {
        auto data_names = config_strings(configuration, "messageNames");
        auto metadata_names = config_strings(configuration, "metadataNames");
        bool check_all = json::get_bool(configuration, "checkAllKeys").value_or(true);
        return Result<std::unique_ptr<RuleNode>>(
            decision([data_names, metadata_names, check_all](const model::Msg& msg) {
              return std::string(verdict(has_fields(msg, data_names, metadata_names, check_all)));
            }));
      });
}

}  // namespace pacificsoft::rule
