// Messages that enter the rule engine from outside the device transports: the REST API's
// attribute updates and deletions (the reference's ATTRIBUTES_UPDATED / ATTRIBUTES_DELETED, which
// a chain's device profile node and message type switch see). A server appends them to the
// durable queue; nobody waits for them, so a failed append is only logged.
#pragma once

#include "model/msg.h"

namespace pacificsoft::rule {

// Thread-safe.
class RuleEngineInput {
 public:
  virtual ~RuleEngineInput() = default;
  virtual void post(model::Msg msg) = 0;
};

}  // namespace pacificsoft::rule
