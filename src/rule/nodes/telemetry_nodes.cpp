// Save time series and save attributes: the message's data stored for its originator.
#include <charconv>

#include "common/log.h"
#include "model/telemetry_json.h"
#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {
namespace {

// The storage's answer as a node result: stored → Success; refused data → Failure; anything
// else (storage down) → retry the message later, never drop it.
storage::WriteDone answer(model::Msg msg, NodeDone done) {
  return [msg = std::move(msg), done = std::move(done)](const Status& status) mutable {
    if (status) {
      done(NodeResult::on(kSuccess, std::move(msg)));
    } else if (status.code() == ErrorCode::kInvalidArgument) {
      done(NodeResult::failure(std::move(msg), status.message()));
    } else {
      done(NodeResult::retry(std::move(msg), status));
    }
  };
}

// Subscribers see a save before its commit: the queue keeps the message until the node is done
// and retries it after a failed save, so a value shown live will be stored.
constexpr auto kLiveBeforeCommit = telemetry::LiveUpdate::kBeforeCommit;

// The message's time: metadata "ts" when it is a number, else the message's own.
std::int64_t message_ts(const model::Msg& msg) {
  std::string_view text = msg.metadata_value("ts");
  std::int64_t ts = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ts);
  return error == std::errc() && end == text.data() + text.size() ? ts : msg.ts;
}

class SaveTimeseriesNode final : public RuleNode {
 public:
  SaveTimeseriesNode(telemetry::TelemetryService& telemetry, std::int64_t ttl_s)
      : telemetry_(telemetry), ttl_s_(ttl_s) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    if (msg.type != model::msg_type::kPostTelemetry) {
      std::string error = "Unsupported msg type: " + msg.type;
      done(NodeResult::failure(std::move(msg), error));
      return;
    }
    auto points = model::parse_telemetry(msg.data, message_ts(msg), model::NullValues::kSkip);
    if (!points) {
      done(NodeResult::failure(std::move(msg), points.status().message()));
      return;
    }
    const model::EntityId originator = msg.originator;
    telemetry_.save_timeseries(originator, std::move(*points), ttl_s_,
                               answer(std::move(msg), std::move(done)), kLiveBeforeCommit);
  }

 private:
  telemetry::TelemetryService& telemetry_;
  std::int64_t ttl_s_;
};

class SaveAttributesNode final : public RuleNode {
 public:
  SaveAttributesNode(telemetry::TelemetryService& telemetry, model::AttributeScope scope)
      : telemetry_(telemetry), scope_(scope) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    if (msg.type != model::msg_type::kPostAttributes) {
      std::string error = "Unsupported msg type: " + msg.type;
      done(NodeResult::failure(std::move(msg), error));
      return;
    }
    auto values = model::parse_attributes(msg.data, model::NullValues::kSkip);
    if (!values) {
      done(NodeResult::failure(std::move(msg), values.status().message()));
      return;
    }
    const model::EntityId originator = msg.originator;
    telemetry_.save_attributes(originator, scope_, *values, answer(std::move(msg), std::move(done)),
                               kLiveBeforeCommit);
  }

 private:
  telemetry::TelemetryService& telemetry_;
  model::AttributeScope scope_;
};

}  // namespace

void register_telemetry_nodes(NodeRegistry& registry) {
  registry.add(node_type("telemetry.TbMsgTimeseriesNode"),
               [](const bj::object& configuration, NodeServices& services) {
                 auto ttl = json::get_int(configuration, "defaultTTL").value_or(0);
                 return Result<std::unique_ptr<RuleNode>>(
                     std::make_unique<SaveTimeseriesNode>(services.telemetry, ttl));
               });
  registry.add(node_type("telemetry.TbMsgAttributesNode"),
               [](const bj::object& configuration,
                  NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
                 auto scope = model::parse_attribute_scope(
                     json::get_string(configuration, "scope").value_or("SERVER_SCOPE"));
                 if (!scope) return invalid_argument("unknown attribute scope");
                 return std::unique_ptr<RuleNode>(
                     std::make_unique<SaveAttributesNode>(services.telemetry, *scope));
               });
}

}  // namespace pacificsoft::rule
