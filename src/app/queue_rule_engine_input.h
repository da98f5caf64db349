// The rule engine's input in the monolith: the message is appended to the durable queue
// partition of its originator, as a device message is.
#pragma once

#include "common/log.h"
#include "queue/message_queue.h"
#include "rule/rule_engine_input.h"

namespace pacificsoft::app {

class QueueRuleEngineInput final : public rule::RuleEngineInput {
 public:
  explicit QueueRuleEngineInput(queue::MessageQueue& queue) : queue_(queue) {}

  void post(model::Msg msg) override {
    const auto partition = queue::partition_of(msg.originator.id, queue_.partitions());
    queue_.append(partition, model::encode_msg(msg), [type = msg.type](const Status& status) {
      if (!status) spdlog::warn("{} not queued for the rule engine: {}", type, status.to_string());
    });
  }

 private:
  queue::MessageQueue& queue_;
};

}  // namespace pacificsoft::app
