// The rule engine's input in the monolith: the message is appended to the durable queue
// partition of its originator, as a device message is.
#pragma once

#include "common/log.h"
#include "queue/msg_producer.h"
#include "rule/rule_engine_input.h"

namespace pacificsoft::app {

class QueueRuleEngineInput final : public rule::RuleEngineInput {
 public:
  explicit QueueRuleEngineInput(queue::MsgProducer& producer) : producer_(producer) {}

  void post(model::Msg msg) override {
    producer_.to_rule_engine(msg, [type = msg.type](const Status& status) {
      if (!status) spdlog::warn("{} not queued for the rule engine: {}", type, status.to_string());
    });
  }

 private:
  queue::MsgProducer& producer_;
};

}  // namespace pacificsoft::app
