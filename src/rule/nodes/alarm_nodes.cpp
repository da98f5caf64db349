// Create alarm and clear alarm: one active alarm per originator and alarm type (AlarmService).
// The message that leaves is the alarm (type ALARM, data = the alarm JSON), as in the reference.
#include "entities/alarm_service.h"
#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {
namespace {

NodeResult alarm_result(model::Msg msg, const entities::AlarmOutcome& outcome) {
  using entities::AlarmChange;
  if (outcome.change == AlarmChange::kNone) return NodeResult::on(kFalse, std::move(msg));
  msg.type = "ALARM";
  msg.data = json::serialize(outcome.alarm);
  const bool created = outcome.change == AlarmChange::kCreated;
  if (outcome.change == AlarmChange::kCleared) {
    msg.metadata.emplace_back("isClearedAlarm", "true");
    return NodeResult::on("Cleared", std::move(msg));
  }
  msg.metadata.emplace_back(created ? "isNewAlarm" : "isExistingAlarm", "true");
  return NodeResult::on(created ? "Created" : "Updated", std::move(msg));
}

// Storage trouble retries the message; anything else fails it.
NodeResult failed(model::Msg msg, const Status& status) {
  if (status.code() == ErrorCode::kUnavailable) return NodeResult::retry(std::move(msg), status);
  return NodeResult::failure(std::move(msg), status.message());
}

class CreateAlarmNode final : public RuleNode {
 public:
  CreateAlarmNode(NodeServices& services, std::string type, std::string severity,
                  std::string details_script)
      : services_(services),
        type_(std::move(type)),
        severity_(std::move(severity)),
        details_script_(std::move(details_script)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    if (details_script_.empty()) {
      raise(std::move(msg), {}, done);
      return;
    }
    bj::object metadata;
    for (const auto& [key, value] : msg.metadata) metadata[key] = value;
    ScriptCall call{details_script_, msg.data, json::serialize(metadata), msg.type};
    services_.scripts.invoke(std::move(call), [this, msg = std::move(msg), done = std::move(done)](
                                                  Result<std::string> details) mutable {
      auto object = details ? json::parse_object(*details) : Result<bj::object>(details.status());
      if (!object) {
        done(NodeResult::failure(std::move(msg), object.status().message()));
        return;
      }
      raise(std::move(msg), std::move(*object), done);
    });
  }

 private:
  void raise(model::Msg msg, bj::object details, const NodeDone& done) {
    entities::AlarmRaise request{msg.tenant_id, msg.originator,     type_,
                                 severity_,     std::move(details), services_.clock.now_ms()};
    auto outcome = services_.alarms.raise(request);
    done(outcome ? alarm_result(std::move(msg), *outcome)
                 : failed(std::move(msg), outcome.status()));
  }

  NodeServices& services_;
  std::string type_;
  std::string severity_;
  std::string details_script_;
};

class ClearAlarmNode final : public RuleNode {
 public:
  ClearAlarmNode(NodeServices& services, std::string type)
      : services_(services), type_(std::move(type)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    auto outcome = services_.alarms.clear_active(msg.tenant_id, msg.originator, type_,
                                                 services_.clock.now_ms());
    done(outcome ? alarm_result(std::move(msg), *outcome)
                 : failed(std::move(msg), outcome.status()));
  }

 private:
  NodeServices& services_;
  std::string type_;
};

std::string alarm_type(const bj::object& configuration) {
  return std::string(json::get_string(configuration, "alarmType").value_or("General Alarm"));
}

}  // namespace

void register_alarm_nodes(NodeRegistry& registry) {
  registry.add(node_type("action.TbCreateAlarmNode"), [](const bj::object& configuration,
                                                         NodeServices& services) {
    return Result<std::unique_ptr<RuleNode>>(std::make_unique<CreateAlarmNode>(
        services, alarm_type(configuration),
        std::string(json::get_string(configuration, "severity").value_or("CRITICAL")),
        std::string(json::get_string(configuration, "alarmDetailsBuildJs").value_or(""))));
  });
  registry.add(node_type("action.TbClearAlarmNode"),
               [](const bj::object& configuration, NodeServices& services) {
                 return Result<std::unique_ptr<RuleNode>>(
                     std::make_unique<ClearAlarmNode>(services, alarm_type(configuration)));
               });
}

}  // namespace pacificsoft::rule
